// esimcse_objective.cc — ESimCSE's step: word repetition, momentum encoder, queue of negatives.
// Paper: ESimCSE §3.1, §3.2 (eq. 3-4)
#include "simcse/esimcse_objective.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "backend/backend.h"
#include "ops/ops.h"
#include "simcse/training_batch.h"
#include "simcse/word_repetition.h"

namespace simcse {

namespace {

// The momentum encoder's starting weights: a copy of the encoder's (not shared), or a checkpoint's.
ParameterSource momentum_source(const BertModel& encoder, const ParameterSource& state_source, bool resuming) {
  if (resuming)
    return [state_source](const std::string& name, const Shape& shape) { return state_source("momentum." + name, shape); };
  return [&encoder](const std::string& name, const Shape&) {
    const Tensor online = encoder.parameters().get(name);
    return online.to(online.device());
  };
}

}  // namespace

EsimcseObjective::EsimcseObjective(BertModel encoder, SimcseSettings simcse, EsimcseSettings settings,
                                   const ParameterSource& state_source, bool resuming)
    : TrainingObjective(encoder.without_pooler()),
      simcse_(std::move(encoder), simcse, state_source),
      settings_(settings) {
  SIMCSE_CHECK(settings_.dup_rate >= 0 && settings_.dup_rate <= 1, "--dup_rate must be in [0, 1], got ", settings_.dup_rate);
  SIMCSE_CHECK(settings_.momentum >= 0 && settings_.momentum < 1, "--momentum must be in [0, 1), got ", settings_.momentum);
  SIMCSE_CHECK(settings_.queue_size >= 0, "--queue_size must be 0 or more, got ", settings_.queue_size);
  SIMCSE_CHECK(!simcse.do_mlm || settings_.queue_size == 0,
               "--queue_size with --do_mlm: ESimCSE's queued loss has no MLM term (its code drops it)");
  if (settings_.queue_size == 0) return;
  momentum_encoder_ = std::make_unique<BertModel>(encoder_.config(), momentum_source(encoder_, state_source, resuming),
                                                  false);
  if (resuming) queue_ = state_source("momentum_queue", {settings_.queue_size, encoder_.config().hidden_size});
}

void EsimcseObjective::follow_encoder() {
  const ParameterStore& online = encoder_.parameters();
  for (const auto& [name, momentum_weight] : momentum_encoder_->parameters().all()) {
    const Tensor weight = online.get(name);
    Backend& backend = backend_for(weight.device());
    Scalar* m = momentum_weight.data();
    backend.scale(m, static_cast<Scalar>(settings_.momentum), m, weight.numel());          // lambda theta_m
    backend.axpy(static_cast<Scalar>(1 - settings_.momentum), weight.data(), m, weight.numel());  // + (1 - lambda) theta
  }
}

Tensor EsimcseObjective::loss(const TrainingStep& step) {
  SIMCSE_CHECK(!step.communicator || step.communicator->size() == 1,
               "ESimCSE (--positive word_repetition, --queue_size) runs in one process: its queue and repeated "
               "words are not shared across mpirun's ranks");
  TrainingBatch batch = make_training_batch(*step.tokenizer, step.examples, step.columns, step.max_seq_length);
  if (settings_.word_repetition)
    repeat_words_in_positives(batch, settings_.dup_rate, step.seed, step.index, step.tokenizer->vocab().pad_id());
  if (!momentum_encoder_) return simcse_.cl_forward(batch, *step.dropout);

  follow_encoder();
  Tensor loss = simcse_.cl_forward(batch, *step.dropout, single_process(), queue_);
  // The batch's sentences (the first view: no repetition) through the momentum encoder, no dropout.
  std::vector<std::string> sentences;
  for (const TrainingExample* example : step.examples) sentences.push_back(example->sentence);
  EncodedBatch encoded = step.tokenizer->encode_batch(sentences, step.max_seq_length);
  NoGradGuard no_grad;
  Tensor vectors = simcse_.training_sentence_vectors(
      *momentum_encoder_,
      {encoded.batch, encoded.seq_len, std::move(encoded.input_ids), std::move(encoded.token_type_ids),
       std::move(encoded.attention_mask)},
      ForwardMode{});                                                                 // [batch, hidden]
  Tensor joined = queue_.defined() ? concat({queue_, vectors}, 0) : vectors;          // oldest first
  const int64_t kept = std::min(joined.dim(0), settings_.queue_size);
  queue_ = slice(joined, 0, joined.dim(0) - kept, kept);                              // [kept, hidden]
  return loss;
}

NamedTensors EsimcseObjective::training_state() const {
  NamedTensors state = simcse_.training_state();
  if (!momentum_encoder_) return state;
  for (const auto& [name, weight] : momentum_encoder_->parameters().all()) state.emplace_back("momentum." + name, weight);
  if (queue_.defined()) state.emplace_back("momentum_queue", queue_);
  return state;
}

nlohmann::json EsimcseObjective::settings_json() const {
  nlohmann::json settings = simcse_.settings_json();
  settings["positive"] = settings_.word_repetition ? "word_repetition" : "dropout";
  if (settings_.word_repetition) settings["dup_rate"] = settings_.dup_rate;
  settings["queue_size"] = settings_.queue_size;
  if (settings_.queue_size > 0) settings["momentum"] = settings_.momentum;
  return settings;
}

void EsimcseObjective::check_training_data(const TrainingData& data, const std::string& path) const {
  SIMCSE_CHECK(settings_.queue_size == 0 || data.columns < 3, path,
               ": --queue_size needs sentences or pairs; ESimCSE's queued loss has no hard negatives");
}

}  // namespace simcse
