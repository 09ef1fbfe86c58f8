// simcse_model.cc — BertForCL's forward for training (cl_forward) and evaluation (sentemb_forward).
// Paper: §3 eq. (4), §4 eq. (5), §6.3, Appendix D
#include "simcse/simcse_model.h"

#include <algorithm>

#include "ops/all_gather.h"
#include "ops/ops.h"
#include "simcse/contrastive_loss.h"
#include "simcse/training_batch.h"

namespace simcse {

SimcseModel::SimcseModel(BertModel encoder, SimcseSettings settings, const ParameterSource& head_source)
    : TrainingObjective(std::move(encoder)), settings_(settings) {
  SIMCSE_CHECK(!encoder_.has_pooler(), "SimCSE trains BERT without its pooler (it adds its own MLP)");
  const BertConfig& config = encoder_.config();
  if (settings_.pooler_type == Pooler::cls)
    mlp_ = std::make_unique<Linear>(heads_, head_source, "mlp.dense", config.hidden_size, config.hidden_size);
  if (settings_.do_mlm) {
    const bool roberta = config.model_type == ModelType::roberta;
    lm_head_ = std::make_unique<LmHead>(LmHead{
        Linear(heads_, head_source, roberta ? "lm_head.dense" : "lm_head.transform.dense", config.hidden_size,
               config.hidden_size),
        LayerNorm(heads_, head_source, roberta ? "lm_head.layer_norm" : "lm_head.transform.LayerNorm",
                  config.hidden_size, config.layer_norm_eps),
        roberta ? Activation::gelu : activation_from_name(config.hidden_act),
        add_parameter(heads_, head_source, "lm_head.decoder.weight", {config.vocab_size, config.hidden_size}),
        add_parameter(heads_, head_source, "lm_head.bias", {config.vocab_size})});
  }
}

// models.py's Pooler: [CLS] (through the MLP for pooler cls, unless the MLP is training-only and
// this is evaluation), or the masked means of the avg poolers.
Tensor SimcseModel::sentence_vectors(const BertOutput& output, bool training) const {
  const Pooler pooler = settings_.pooler_type;
  if (pooler != Pooler::cls && pooler != Pooler::cls_before_pooler) return pool(pooler, output);
  Tensor cls = select(output.last_hidden_state, /*axis=*/1, /*index=*/0);  // [rows, hidden]
  const bool use_mlp = pooler == Pooler::cls && (training || !settings_.mlp_only_train);
  return use_mlp ? simcse::tanh(mlp_->forward(cls)) : cls;
}

Tensor SimcseModel::training_sentence_vectors(const BertModel& encoder, const BertInput& input,
                                              const ForwardMode& mode) const {
  return sentence_vectors(encoder.forward(input, mode, pooler_needs_hidden_states(settings_.pooler_type)), true);
}

Tensor SimcseModel::cl_forward(const TrainingBatch& batch, RandomStream& stream, Communicator& communicator,
                               const Tensor& queued_negatives) const {
  const int64_t per_example = batch.sentences_per_example;
  SIMCSE_CHECK(per_example == 2 || per_example == 3, "a SimCSE batch has 2 or 3 sentences per example, got ",
               per_example);
  SIMCSE_CHECK(batch.input.batch % per_example == 0, "batch of ", batch.input.batch, " rows is not a multiple of ",
               per_example, " sentences per example");
  const ForwardMode training{true, &stream};
  const int64_t examples = batch.input.batch / per_example, hidden = encoder_.config().hidden_size;
  Tensor vectors = reshape(training_sentence_vectors(encoder_, batch.input, training),
                           {examples, per_example, hidden});  // [bs, num_sent, h]
  Tensor anchors = select(vectors, 1, 0), positives = select(vectors, 1, 1);                   // z1, z2: [bs, h]
  Tensor hard_negatives = per_example == 3 ? select(vectors, 1, 2) : Tensor();                 // z3
  // Several ranks: every rank's vectors, so the negatives span the global batch (cl_forward's
  // dist.all_gather); only this rank's rows pass gradient back. One process: unchanged.
  anchors = all_gather_rows(anchors, communicator);    // [ranks * bs, h]
  positives = all_gather_rows(positives, communicator);
  if (hard_negatives.defined()) hard_negatives = all_gather_rows(hard_negatives, communicator);
  Tensor loss = contrastive_loss(anchors, positives, hard_negatives, static_cast<Scalar>(settings_.temperature),
                                 static_cast<Scalar>(settings_.hard_negative_weight), static_cast<Scalar>(settings_.margin),
                                 queued_negatives);
  if (!settings_.do_mlm) return loss;
  return add(loss, scale(mlm_loss(batch, training, communicator), static_cast<Scalar>(settings_.mlm_weight)));
}

// The MLM head on a second pass over the corrupted ids: dense, activation, LayerNorm, then one score per
// vocabulary entry from the head's own decoder, then the masked-LM cross-entropy. The decoder is not
// the word-embedding matrix: BertForCL builds the head fresh (newly initialised, SimCSE issue #179)
// and does not override get_output_embeddings, so transformers' tie_weights finds nothing to tie.
Tensor SimcseModel::mlm_loss(const TrainingBatch& batch, const ForwardMode& mode, Communicator& communicator) const {
  SIMCSE_CHECK(batch.mlm_input_ids.size() == batch.input.input_ids.size() &&
                   batch.mlm_labels.size() == batch.input.input_ids.size(),
               "--do_mlm needs corrupted ids and labels for every token of the batch");
  BertInput corrupted = batch.input;
  corrupted.input_ids = batch.mlm_input_ids;
  Tensor hidden = encoder_.forward(corrupted, mode).last_hidden_state;  // [rows, seq, hidden]
  Tensor transformed = lm_head_->norm.forward(activation(lm_head_->dense.forward(hidden), lm_head_->activation));
  // [rows, seq, vocab] = transformed [rows, seq, hidden] x decoder^T [hidden, vocab] + bias
  Tensor scores = add(matmul(transformed, lm_head_->decoder_weight, false, /*transpose_b=*/true), lm_head_->bias);
  const int64_t predicted = std::count_if(batch.mlm_labels.begin(), batch.mlm_labels.end(),
                                          [](int32_t label) { return label != kIgnoreIndex; });
  if (communicator.size() == 1)
    return cross_entropy(reshape(scores, {-1, encoder_.config().vocab_size}), batch.mlm_labels);  // -100 ignored
  // Several ranks: the global batch's MLM loss is the mean over every rank's predicted tokens. This
  // rank's share is its own mean weighted by its count; the other ranks' shares enter as constants,
  // so every rank's loss has the global value and its gradient reaches this rank's tokens only.
  std::vector<Scalar> counts = {static_cast<Scalar>(predicted)};
  communicator.all_reduce_sum(counts.data(), 1, Device::cpu);
  Tensor share = predicted == 0 ? Tensor::zeros(Shape{}, scores.device())
                                : scale(cross_entropy(reshape(scores, {-1, encoder_.config().vocab_size}), batch.mlm_labels),
                                        static_cast<Scalar>(predicted) / counts[0]);
  std::vector<Scalar> total = {share.item()};
  communicator.all_reduce_sum(total.data(), 1, Device::cpu);
  return add(share, Tensor::from_vector(Shape{}, {total[0] - share.item()}, scores.device()));
}

Tensor SimcseModel::loss(const TrainingStep& step) {
  TrainingBatch batch = make_training_batch(*step.tokenizer, step.examples, step.columns, step.max_seq_length);
  Communicator& communicator = step.communicator ? *step.communicator : single_process();
  // Several ranks pad to the global batch's longest sentence, so each holds its rows of the
  // tensors one process would hold (and draws their dropout masks and MLM corruption).
  if (communicator.size() > 1)
    pad_batch(batch, communicator.all_reduce_max(batch.input.seq_len), step.tokenizer->vocab().pad_id());
  if (settings_.do_mlm)
    add_mlm_inputs(batch, mlm_settings_for(step.tokenizer->vocab(), settings_.mlm_probability), step.seed, step.index,
                   static_cast<uint64_t>(communicator.rank()) * batch.input.input_ids.size());
  return cl_forward(batch, *step.dropout, communicator);
}

Tensor SimcseModel::sentemb_forward(const BertInput& input) const {
  NoGradGuard no_grad;
  return sentence_vectors(encoder_.forward(input, ForwardMode{}, pooler_needs_hidden_states(settings_.pooler_type)),
                          false);
}

Pooler SimcseModel::evaluation_pooler() const {
  if (settings_.pooler_type == Pooler::cls) return settings_.mlp_only_train ? Pooler::cls_before_pooler : Pooler::cls;
  return settings_.pooler_type;
}

SentenceHead SimcseModel::evaluation_head() const {
  const Pooler pooler = evaluation_pooler();
  if (pooler != Pooler::cls) return SentenceHead::of_pooler(pooler);
  HeadLayer mlp;
  mlp.kind = HeadLayer::Kind::dense;
  mlp.weight = mlp_->weight;
  mlp.bias = mlp_->bias;
  mlp.activation = Activation::tanh;
  return SentenceHead{{Pooler::cls_before_pooler}, {mlp}};
}

NamedTensors SimcseModel::named_parameters() const {
  NamedTensors all = encoder_.parameters().all();
  for (const auto& entry : heads_.all()) all.push_back(entry);
  return all;
}

BertModel SimcseModel::export_encoder() const {
  const bool with_pooler = mlp_ != nullptr;
  return BertModel(
      encoder_.config(),
      [&](const std::string& name, const Shape&) {
        if (name == "pooler.dense.weight") return mlp_->weight;
        if (name == "pooler.dense.bias") return mlp_->bias;
        return encoder_.parameters().get(name);
      },
      with_pooler);
}

nlohmann::json SimcseModel::settings_json() const {
  nlohmann::json settings = {{"pooler_type", pooler_name(settings_.pooler_type)},
                             {"mlp_only_train", settings_.mlp_only_train},
                             {"temp", settings_.temperature},
                             {"hard_negative_weight", settings_.hard_negative_weight},
                             {"do_mlm", settings_.do_mlm}};
  if (settings_.margin != 0) settings["loss_margin"] = settings_.margin;
  if (settings_.do_mlm) settings["mlm_weight"] = settings_.mlm_weight;
  return settings;
}

}  // namespace simcse
