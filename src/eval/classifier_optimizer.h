// classifier_optimizer.h — the two optimisers SimCSE's evaluation.py gives SentEval's classifier,
// with torch.optim's defaults: Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) in test mode, RMSprop
// (lr 1e-2, alpha 0.99, eps 1e-8) in dev/fasttest mode. The L2 regularisation SentEval tunes is
// torch's weight_decay: l2 * parameter added to the gradient before the update.
// Paper: Appendix E (Transfer tasks)
#pragma once

#include <string>
#include <vector>

#include "core/tensor.h"

namespace simcse {

enum class OptimizerKind { adam, rmsprop };
OptimizerKind parse_optimizer_kind(const std::string& name);  // "adam" or "rmsprop"
const char* optimizer_name(OptimizerKind kind);

class ClassifierOptimizer {
 public:
  ClassifierOptimizer(OptimizerKind kind, std::vector<Tensor> parameters, double weight_decay);

  // One update of every parameter from its gradient (a parameter without one is left alone).
  void step();
  void zero_grad();

 private:
  OptimizerKind kind_;
  std::vector<Tensor> parameters_;
  double weight_decay_;
  int64_t steps_ = 0;
  std::vector<std::vector<float>> first_moment_;   // Adam's exp_avg
  std::vector<std::vector<float>> second_moment_;  // Adam's exp_avg_sq, RMSprop's square_avg
};

}  // namespace simcse
