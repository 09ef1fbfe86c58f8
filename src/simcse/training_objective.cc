// training_objective.cc — the one place that maps `simcse train`'s flags to an objective.
// Paper: §3, §4
#include "simcse/training_objective.h"

#include "nn/sentence_transformers_files.h"
#include "simcse/esimcse_objective.h"
#include "simcse/sentence_transformer_objective.h"
#include "simcse/simcse_model.h"
#include "simcse/tsdae_objective.h"

namespace simcse {

namespace {

std::unique_ptr<TrainingObjective> make_simcse_model(const TrainingArguments& args, BertModel encoder,
                                                     const ParameterSource& state_source) {
  SimcseSettings settings;
  settings.pooler_type = pooler_from_name(args.pooler_type);
  settings.mlp_only_train = args.mlp_only_train;
  // The margin/scale form's s is 1/tau (contrastive_loss.h).
  settings.temperature = args.loss_scale > 0 ? 1 / args.loss_scale : args.temp;
  settings.margin = args.loss_margin;
  settings.hard_negative_weight = args.hard_negative_weight;
  settings.do_mlm = args.do_mlm;
  settings.mlm_weight = args.mlm_weight;
  settings.mlm_probability = args.mlm_probability;
  if (args.positive == "word_repetition" || args.queue_size > 0) {  // ESimCSE
    EsimcseSettings esimcse;
    esimcse.word_repetition = args.positive == "word_repetition";
    esimcse.dup_rate = args.dup_rate;
    esimcse.momentum = args.momentum;
    esimcse.queue_size = args.queue_size;
    return std::make_unique<EsimcseObjective>(std::move(encoder), settings, esimcse, state_source,
                                              !args.resume_from_checkpoint.empty());
  }
  return std::make_unique<SimcseModel>(std::move(encoder), settings, state_source);
}

// The head a sentence-transformers run starts with: a checkpoint's own (its modules.json and Dense
// files hold the trained head); else --pooling_mode, or the starting directory's modules.json, or
// mean pooling (sentence-transformers' default for a plain BERT; [CLS] for TSDAE, as its paper and
// recipe pool); then the fresh --dense layer.
SentenceHead starting_head(const TrainingArguments& args, int64_t hidden, const ParameterSource& state_source) {
  const Device device = parse_device(args.device);
  const bool resuming = !args.resume_from_checkpoint.empty();
  const std::string directory = resuming ? args.resume_from_checkpoint : args.model_name_or_path;
  const auto layout = directory.empty() ? std::nullopt : read_sentence_transformers_layout(directory);
  if (resuming) {
    SIMCSE_CHECK(layout.has_value(), directory, ": no modules.json (a checkpoint of --loss ", args.loss, " has one)");
    return load_sentence_transformers_head(*layout, hidden, device);
  }
  SentenceHead head = layout && args.pooling_mode.empty() ? load_sentence_transformers_head(*layout, hidden, device)
                      : SentenceHead::of_pooler(!args.pooling_mode.empty()
                                                    ? pooler_from_sentence_transformers_mode(args.pooling_mode)
                                                : args.loss == "tsdae" ? Pooler::cls_before_pooler
                                                                       : Pooler::avg);
  if (args.dense_out_features > 0) {  // models.Dense(in, out, activation), N(0, 0.02) weights and zero bias
    const std::string prefix = "head." + std::to_string(head.layers.size()) + ".linear.";
    HeadLayer dense;
    dense.kind = HeadLayer::Kind::dense;
    dense.weight = state_source(prefix + "weight", {args.dense_out_features, head.dimension(hidden)});
    dense.bias = state_source(prefix + "bias", {args.dense_out_features});
    dense.activation = dense_activation_from_name(args.dense_activation);
    dense.source = "--dense_out_features";
    head.layers.push_back(dense);
  }
  return head;
}

std::unique_ptr<TrainingObjective> make_sentence_transformer_objective(const TrainingArguments& args,
                                                                       BertModel encoder,
                                                                       const ParameterSource& state_source) {
  SentenceTransformerSettings settings;
  settings.loss = args.loss == "cosine_mse" ? SentenceTransformerSettings::Loss::cosine_mse
                                            : SentenceTransformerSettings::Loss::mnrl;
  settings.scale = args.scale;
  settings.symmetric = args.symmetric;
  settings.max_score = args.max_score;
  const SentenceHead head = starting_head(args, encoder.config().hidden_size, state_source);
  if (args.loss == "tsdae") {
    // The decoder's own tensors: "decoder.<name>" in a checkpoint; fresh ones as BERT initialises them.
    const ParameterSource decoder_source = [state_source](const std::string& name, const Shape& shape) {
      return state_source("decoder." + name, shape);
    };
    return std::make_unique<TsdaeObjective>(std::move(encoder), head, args.deletion_ratio, decoder_source);
  }
  return std::make_unique<SentenceTransformerObjective>(std::move(encoder), head, settings);
}

}  // namespace

std::unique_ptr<TrainingObjective> make_training_objective(const TrainingArguments& args, BertModel encoder,
                                                           const ParameterSource& state_source) {
  if (args.loss == "simcse") return make_simcse_model(args, std::move(encoder), state_source);
  return make_sentence_transformer_objective(args, std::move(encoder), state_source);
}

}  // namespace simcse
