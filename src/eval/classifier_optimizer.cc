// classifier_optimizer.cc — Adam and RMSprop updates, element by element as torch.optim's
// single-tensor CPU implementations compute them in float32.
// Paper: Appendix E (Transfer tasks)
#include "eval/classifier_optimizer.h"

#include <cmath>

#include "core/error.h"

namespace simcse {

namespace {
constexpr double kAdamLearningRate = 1e-3, kAdamBeta1 = 0.9, kAdamBeta2 = 0.999, kAdamEpsilon = 1e-8;
constexpr double kRmspropLearningRate = 1e-2, kRmspropAlpha = 0.99, kRmspropEpsilon = 1e-8;
}  // namespace

OptimizerKind parse_optimizer_kind(const std::string& name) {
  if (name == "adam") return OptimizerKind::adam;
  if (name == "rmsprop") return OptimizerKind::rmsprop;
  fail("unknown classifier optimiser '", name, "' (SimCSE's evaluation uses adam or rmsprop)");
}

const char* optimizer_name(OptimizerKind kind) { return kind == OptimizerKind::adam ? "adam" : "rmsprop"; }

ClassifierOptimizer::ClassifierOptimizer(OptimizerKind kind, std::vector<Tensor> parameters, double weight_decay)
    : kind_(kind), parameters_(std::move(parameters)), weight_decay_(weight_decay) {
  for (const Tensor& parameter : parameters_) {
    SIMCSE_CHECK(parameter.device() == Device::cpu, "ClassifierOptimizer: parameters must be on the CPU");
    first_moment_.emplace_back(kind_ == OptimizerKind::adam ? parameter.numel() : 0, 0.0f);
    second_moment_.emplace_back(parameter.numel(), 0.0f);
  }
}

void ClassifierOptimizer::zero_grad() {
  for (const Tensor& parameter : parameters_) parameter.zero_grad();
}

void ClassifierOptimizer::step() {
  ++steps_;
  const float decay = static_cast<float>(weight_decay_);
  // Adam's bias corrections are Python floats in torch; the tensor arithmetic is float32.
  const double correction1 = 1 - std::pow(kAdamBeta1, static_cast<double>(steps_));
  const double correction2_sqrt = std::sqrt(1 - std::pow(kAdamBeta2, static_cast<double>(steps_)));
  const float step_size = static_cast<float>(kAdamLearningRate / correction1);
  for (size_t p = 0; p < parameters_.size(); ++p) {
    const Tensor& parameter = parameters_[p];
    if (!parameter.has_grad()) continue;
    Scalar* value = parameter.data();
    const Scalar* grad = parameter.grad_data();
    std::vector<float>& squares = second_moment_[p];
    for (int64_t i = 0; i < parameter.numel(); ++i) {
      const float g = static_cast<float>(grad[i]) + decay * static_cast<float>(value[i]);  // L2 as weight decay
      if (kind_ == OptimizerKind::adam) {
        float& mean = first_moment_[p][i];
        mean = static_cast<float>(kAdamBeta1) * mean + static_cast<float>(1 - kAdamBeta1) * g;
        squares[i] = static_cast<float>(kAdamBeta2) * squares[i] + static_cast<float>(1 - kAdamBeta2) * g * g;
        const float denominator = std::sqrt(squares[i]) / static_cast<float>(correction2_sqrt) + static_cast<float>(kAdamEpsilon);
        value[i] = static_cast<Scalar>(static_cast<float>(value[i]) - step_size * mean / denominator);
      } else {
        squares[i] = static_cast<float>(kRmspropAlpha) * squares[i] + static_cast<float>(1 - kRmspropAlpha) * g * g;
        const float denominator = std::sqrt(squares[i]) + static_cast<float>(kRmspropEpsilon);
        value[i] = static_cast<Scalar>(static_cast<float>(value[i]) - static_cast<float>(kRmspropLearningRate) * g / denominator);
      }
    }
  }
}

}  // namespace simcse
