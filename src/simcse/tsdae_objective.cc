// tsdae_objective.cc — TSDAE's denoising reconstruction loss on the shared trainer.
// Paper: TSDAE §3
#include "simcse/tsdae_objective.h"

#include "ops/ops.h"
#include "simcse/random_streams.h"
#include "simcse/word_deletion.h"

namespace simcse {

namespace {

BertInput bert_input(EncodedBatch encoded) {
  return {encoded.batch, encoded.seq_len, std::move(encoded.input_ids), std::move(encoded.token_type_ids),
          std::move(encoded.attention_mask)};
}

NamedTensors prefixed(const std::string& prefix, const NamedTensors& tensors) {
  NamedTensors renamed;
  for (const auto& [name, tensor] : tensors) renamed.push_back({prefix + name, tensor});
  return renamed;
}

}  // namespace

TsdaeObjective::TsdaeObjective(BertModel encoder, const SentenceHead& head, double deletion_ratio,
                               const ParameterSource& decoder_source)
    : SentenceTransformerObjective(std::move(encoder), head, SentenceTransformerSettings{}),
      deletion_ratio_(deletion_ratio),
      decoder_(encoder_, decoder_source) {
  const int64_t hidden = encoder_.config().hidden_size;
  SIMCSE_CHECK(encoder_.config().model_type == ModelType::bert, "--loss tsdae: the decoder is BERT's "
               "(BertLMHeadModel); RoBERTa's (RobertaForCausalLM) is not implemented");
  SIMCSE_CHECK(head_.dimension(hidden) == hidden, "TSDAE: the decoder reads the sentence vector as a token of width ",
               hidden, ", but the head (", head_.describe(), ") gives ", head_.dimension(hidden));
}

Tensor TsdaeObjective::reconstruction_scores(const BertInput& damaged, const BertInput& original,
                                             const ForwardMode& mode) const {
  SIMCSE_CHECK(damaged.batch == original.batch && original.seq_len >= 2, "TSDAE: ", damaged.batch, " damaged and ",
               original.batch, " original sentences of ", original.seq_len, " tokens");
  const int64_t batch = original.batch, seq = original.seq_len, hidden = encoder_.config().hidden_size;
  // The sentence vector of each damaged sentence, as a memory of one token: [batch, 1, hidden].
  const Tensor vectors = head_.apply(encoder_.forward(damaged, mode, head_.needs_hidden_states()));
  const Tensor memory = reshape(vectors, {batch, 1, hidden});
  const Tensor memory_mask = Tensor::full(Shape{batch, 1}, 1, memory.device());
  // Teacher forcing: the decoder reads tokens 0 .. seq-2 of the original.
  std::vector<int32_t> inputs;
  for (int64_t b = 0; b < batch; ++b)
    inputs.insert(inputs.end(), original.input_ids.begin() + b * seq, original.input_ids.begin() + (b + 1) * seq - 1);
  return decoder_.forward(inputs, batch, seq - 1, memory, memory_mask, mode);
}

Tensor TsdaeObjective::reconstruction_loss(const BertInput& damaged, const BertInput& original,
                                           RandomStream& stream) const {
  const Tensor scores = reconstruction_scores(damaged, original, ForwardMode{true, &stream});  // [batch, seq-1, vocab]
  // Labels: tokens 1 .. seq-1; padding (DenoisingAutoEncoderLoss's ignore_index = pad) is not predicted.
  const int64_t batch = original.batch, seq = original.seq_len;
  std::vector<int32_t> labels;
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t t = 1; t < seq; ++t) {
      const bool padding = !original.attention_mask.empty() && original.attention_mask[b * seq + t] == 0;
      labels.push_back(padding ? kIgnoreIndex : original.input_ids[b * seq + t]);
    }
  }
  return cross_entropy(reshape(scores, {-1, encoder_.config().vocab_size}), labels);
}

Tensor TsdaeObjective::loss(const TrainingStep& step) {
  SIMCSE_CHECK(!step.communicator || step.communicator->size() == 1,
               "--loss tsdae trains in one process (its reconstruction loss is not gathered across ranks)");
  std::vector<std::string> originals, damaged;
  for (size_t i = 0; i < step.examples.size(); ++i) {
    originals.push_back(step.examples[i]->sentence);
    // Each sentence draws from its own range of Philox counters (2^20 words per sentence).
    damaged.push_back(delete_words(originals.back(), deletion_ratio_, step.seed, kWordDeletionOffset + step.index,
                                   static_cast<uint64_t>(i) << 20));
  }
  const BertInput original_input = bert_input(step.tokenizer->encode_batch(originals, step.max_seq_length));
  const BertInput damaged_input = bert_input(step.tokenizer->encode_batch(damaged, step.max_seq_length));
  return reconstruction_loss(damaged_input, original_input, *step.dropout);
}

NamedTensors TsdaeObjective::named_parameters() const {
  NamedTensors all = SentenceTransformerObjective::named_parameters();
  for (const auto& entry : prefixed("decoder.", decoder_.parameters().all())) all.push_back(entry);
  return all;
}

NamedTensors TsdaeObjective::training_state() const {
  NamedTensors state = head_parameters_.all();
  for (const auto& entry : prefixed("decoder.", decoder_.parameters().all())) state.push_back(entry);
  return state;
}

nlohmann::json TsdaeObjective::settings_json() const {
  return {{"loss", "tsdae"}, {"head", head_.describe()}, {"deletion_ratio", deletion_ratio_},
          {"tie_encoder_decoder", true}};
}

}  // namespace simcse
