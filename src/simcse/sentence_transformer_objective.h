// sentence_transformer_objective.h — training as sentence-transformers trains: a BERT, its Pooling
// module and any Dense / Normalize layers after it (one SentenceHead, every Dense trainable), and a
// loss over the columns of each training example:
//   --loss mnrl        MultipleNegativesRankingLoss over (anchor, positive[, negative]) — SimCSE's
//                      InfoNCE with scale = 1/tau (mnrl_loss.h); a .txt file gives (s, s) pairs
//   --loss cosine_mse  CosineSimilarityLoss over (sentence1, sentence2, score) rows (cosine_similarity_loss.h)
// The head comes from the starting directory's modules.json (all-MiniLM-L6-v2: mean, Normalize),
// or is --pooling_mode (default mean), plus a fresh Dense layer with --dense_out_features.
// Paper: §3 eq. (4), §4 eq. (5) (MNRL is SimCSE's loss); sentence-transformers' losses and models
#pragma once

#include <string>
#include <vector>

#include "simcse/simcse_model.h"  // TrainingBatch
#include "simcse/training_objective.h"

namespace simcse {

struct SentenceTransformerSettings {
  enum class Loss { mnrl, cosine_mse };
  Loss loss = Loss::mnrl;
  double scale = 20;       // mnrl: cosine x scale
  bool symmetric = false;  // mnrl: average with the positives-pick-their-anchor direction
  double max_score = 1;    // cosine_mse: scores are divided by this (5 for STS-B's 0-5 scale)
};

class SentenceTransformerObjective : public TrainingObjective {
 public:
  // `head`: the pooling and the layers with their starting weights; each Dense layer k is trained
  // as "head.<k>.linear.weight" / ".bias".
  SentenceTransformerObjective(BertModel encoder, const SentenceHead& head, SentenceTransformerSettings settings);

  // The loss of one tokenised batch in SimCSE's layout (sentence, positive[, negative] next to each
  // other: one forward pass, dropout masks from `stream`), through the head; `scores` (cosine_mse)
  // are this rank's, one per example, already divided by max_score.
  Tensor batch_loss(const TrainingBatch& batch, const std::vector<Scalar>& scores, RandomStream& stream,
                    Communicator& communicator = single_process()) const;
  // The same for a step's examples: tokenised (training_batch.h), scores read from the third column.
  Tensor loss(const TrainingStep& step) override;
  // cosine_mse needs a third column of numbers in [0, max_score].
  void check_training_data(const TrainingData& data, const std::string& path) const override;

  Tensor sentemb_forward(const BertInput& input) const override;  // [batch, head dimension]
  SentenceHead evaluation_head() const override { return head_; }
  NamedTensors named_parameters() const override;
  NamedTensors training_state() const override { return head_parameters_.all(); }
  BertModel export_encoder() const override;
  nlohmann::json settings_json() const override;

 protected:
  SentenceHead head_;
  ParameterStore head_parameters_;  // each Dense layer's weight and bias
  SentenceTransformerSettings settings_;
};

// A training file's score field as CosineSimilarityLoss reads it (divided by max_score), or an error
// naming the file and line when it is not a number in [0, max_score].
Scalar training_score(const TrainingExample& example, double max_score, const std::string& path);

}  // namespace simcse
