// sentence_transformer_objective.cc — a sentence-transformers model (BERT, Pooling, Dense, Normalize)
// trained with MultipleNegativesRankingLoss or CosineSimilarityLoss on the shared trainer.
// Paper: §3 eq. (4), §4 eq. (5); sentence-transformers' losses and models
#include "simcse/sentence_transformer_objective.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "ops/all_gather.h"
#include "ops/ops.h"
#include "simcse/cosine_similarity_loss.h"
#include "simcse/mnrl_loss.h"
#include "simcse/training_batch.h"

namespace simcse {

SentenceTransformerObjective::SentenceTransformerObjective(BertModel encoder, const SentenceHead& head,
                                                           SentenceTransformerSettings settings)
    : TrainingObjective(std::move(encoder)), head_(head), settings_(settings) {
  SIMCSE_CHECK(!encoder_.has_pooler(), "a sentence-transformers model has no BERT pooler (its Pooling module pools)");
  head_.dimension(encoder_.config().hidden_size);  // the layers chain
  for (size_t k = 0; k < head_.layers.size(); ++k) {
    HeadLayer& layer = head_.layers[k];
    if (layer.kind != HeadLayer::Kind::dense) continue;
    const std::string prefix = "head." + std::to_string(k) + ".linear.";
    const auto value = [&layer](const std::string& name, const Shape&) {
      return name.ends_with("weight") ? layer.weight : layer.bias;
    };
    layer.weight = add_parameter(head_parameters_, value, prefix + "weight", layer.weight.shape());
    if (layer.bias.defined()) layer.bias = add_parameter(head_parameters_, value, prefix + "bias", layer.bias.shape());
  }
}

Scalar training_score(const TrainingExample& example, double max_score, const std::string& path) {
  const std::string& text = example.hard_negative;
  double score = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), score);
  SIMCSE_CHECK(error == std::errc() && end == text.data() + text.size() && std::isfinite(score), path, ":",
               example.line, ": the score '", text.substr(0, 40), "' is not a number");
  SIMCSE_CHECK(score >= 0 && score <= max_score, path, ":", example.line, ": the score ", text,
               " is outside [0, ", max_score, "] (--max_score ", max_score, ")");
  return static_cast<Scalar>(score / max_score);
}

void SentenceTransformerObjective::check_training_data(const TrainingData& data, const std::string& path) const {
  if (settings_.loss != SentenceTransformerSettings::Loss::cosine_mse) return;
  SIMCSE_CHECK(data.columns == 3, path, ": --loss cosine_mse trains on scored pairs: a .csv with the columns "
               "sentence1,sentence2,score (this file has ", data.columns, ")");
  for (const TrainingExample& example : data.examples) training_score(example, settings_.max_score, path);
}

Tensor SentenceTransformerObjective::batch_loss(const TrainingBatch& batch, const std::vector<Scalar>& scores,
                                                RandomStream& stream, Communicator& communicator) const {
  const ForwardMode training{true, &stream};
  const BertOutput output = encoder_.forward(batch.input, training, head_.needs_hidden_states());
  const int64_t per_example = batch.sentences_per_example, examples = batch.input.batch / per_example;
  Tensor vectors = reshape(head_.apply(output), {examples, per_example, -1});  // [bs, columns, dim]
  // Several ranks: every rank's vectors (only this rank's rows pass gradient back), as SimCSE's cl_forward.
  std::vector<Tensor> columns;  // anchors, positives[, negatives]: each [ranks * bs, dim]
  for (int64_t c = 0; c < per_example; ++c) columns.push_back(all_gather_rows(select(vectors, 1, c), communicator));
  if (settings_.loss == SentenceTransformerSettings::Loss::mnrl)
    return multiple_negatives_ranking_loss(columns[0], {columns.begin() + 1, columns.end()},
                                           static_cast<Scalar>(settings_.scale), settings_.symmetric);
  SIMCSE_CHECK(per_example == 2 && static_cast<int64_t>(scores.size()) == examples,
               "CosineSimilarityLoss needs pairs and a score for each: got ", per_example, " sentences per example and ",
               scores.size(), " scores for ", examples, " examples");
  // The global batch's scores: this rank's in its slot, the others' summed in (they are zero here).
  std::vector<Scalar> all_scores(static_cast<size_t>(examples * communicator.size()), 0);
  std::copy(scores.begin(), scores.end(), all_scores.begin() + communicator.rank() * examples);
  communicator.all_reduce_sum(all_scores.data(), static_cast<int64_t>(all_scores.size()), Device::cpu);
  return cosine_similarity_loss(columns[0], columns[1], all_scores);
}

Tensor SentenceTransformerObjective::loss(const TrainingStep& step) {
  const bool scored = settings_.loss == SentenceTransformerSettings::Loss::cosine_mse;
  // A scored file's third column is the score, not a sentence.
  TrainingBatch batch = make_training_batch(*step.tokenizer, step.examples, scored ? 2 : step.columns,
                                            step.max_seq_length);
  Communicator& communicator = step.communicator ? *step.communicator : single_process();
  if (communicator.size() > 1)
    pad_batch(batch, communicator.all_reduce_max(batch.input.seq_len), step.tokenizer->vocab().pad_id());
  std::vector<Scalar> scores;
  if (scored)
    for (const TrainingExample* example : step.examples)
      scores.push_back(training_score(*example, settings_.max_score, "training file"));
  return batch_loss(batch, scores, *step.dropout, communicator);
}

Tensor SentenceTransformerObjective::sentemb_forward(const BertInput& input) const {
  NoGradGuard no_grad;
  return head_.apply(encoder_.forward(input, ForwardMode{}, head_.needs_hidden_states()));
}

NamedTensors SentenceTransformerObjective::named_parameters() const {
  NamedTensors all = encoder_.parameters().all();
  for (const auto& entry : head_parameters_.all()) all.push_back(entry);
  return all;
}

BertModel SentenceTransformerObjective::export_encoder() const { return encoder_.without_pooler(); }

nlohmann::json SentenceTransformerObjective::settings_json() const {
  const bool scored = settings_.loss == SentenceTransformerSettings::Loss::cosine_mse;
  nlohmann::json settings = {{"loss", scored ? "cosine_mse" : "mnrl"}, {"head", head_.describe()}};
  if (scored) {
    settings["max_score"] = settings_.max_score;
  } else {
    settings["scale"] = settings_.scale;
    settings["symmetric"] = settings_.symmetric;
  }
  return settings;
}

}  // namespace simcse
