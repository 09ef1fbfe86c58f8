// logistic_regression.h — SentEval's classifier with nhid = 0: one Linear layer (softmax
// regression) on frozen sentence features, trained with mini-batch cross-entropy through the
// project's autodiff, an L2 penalty as weight decay, and early stopping on a validation set:
// every `epoch_size` passes it measures validation accuracy, keeps the best weights, and stops
// once accuracy has failed to improve more than `tenacity` times (the count is never reset).
// Seeds, initial weights and batch orders follow SentEval's (reference_random.h).
// Paper: Appendix E (Transfer tasks: logistic regression on frozen embeddings)
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/tensor.h"
#include "eval/classifier_optimizer.h"
#include "eval/reference_random.h"

namespace simcse {

// params['classifier'] of SimCSE's evaluation.py (SentEval's MLP defaults for the rest).
struct ClassifierConfig {
  OptimizerKind optimizer = OptimizerKind::adam;
  int64_t batch_size = 64;
  int tenacity = 5;     // non-improving validations tolerated
  int epoch_size = 4;   // passes over the training set between validations
  int max_epoch = 200;  // passes in all, at most
};

constexpr uint32_t kSentEvalSeed = 1111;

// Rows `rows` of x [n, dim], as a new [rows.size(), dim] tensor (features are frozen: no graph).
Tensor take_rows(const Tensor& x, const std::vector<int64_t>& rows);
std::vector<int32_t> take_labels(const std::vector<int32_t>& labels, const std::vector<int64_t>& rows);

class LogisticRegression {
 public:
  // nn.Linear(input_dim, classes) initialised as PyTorch does after torch.manual_seed(seed);
  // numpy's global stream reseeded with `seed` (it orders the batches).
  LogisticRegression(int64_t input_dim, int classes, double l2_regularization, const ClassifierConfig& config,
                     uint32_t seed = kSentEvalSeed);

  // Trains on (x, y), early-stopping on (dev_x, dev_y); returns the best validation accuracy.
  double fit(const Tensor& x, const std::vector<int32_t>& y, const Tensor& dev_x, const std::vector<int32_t>& dev_y);
  // The same, validating on a random `validation_fraction` of (x, y) held out from training.
  double fit(const Tensor& x, const std::vector<int32_t>& y, double validation_fraction);

  std::vector<int32_t> predict(const Tensor& x) const;  // argmax of the logits
  double accuracy(const Tensor& x, const std::vector<int32_t>& y) const;  // correct / n, in [0, 1]

  const Tensor& weight() const { return weight_; }  // [classes, input_dim]
  const Tensor& bias() const { return bias_; }      // [classes]
  int epochs() const { return epochs_; }            // passes the last fit made (SentEval's nepoch)

 private:
  void train_passes(const Tensor& x, const std::vector<int32_t>& y, int passes);

  ClassifierConfig config_;
  NumpyRandomState numpy_random_;
  Tensor weight_, bias_;
  std::unique_ptr<ClassifierOptimizer> optimizer_;  // built with the model; its state lives across fits
  int epochs_ = 0;
};

}  // namespace simcse
