// test_optimizer_torch.cc — the optimizer kernels against PyTorch (float64 reference values from
// tools/make_optimizer_fixtures.py, in tests/fixtures/optimizer/adamw_torch.json): adamw_update
// must follow torch.optim.AdamW step by step (parameters and both moments, 1e-5 of their scale),
// under exaggerated hyperparameters where decoupled weight decay, bias correction and the place of
// eps each change the result by far more than that, and under SimCSE's own; and sum_of_squares must
// give torch.nn.utils.clip_grad_norm_'s total norm, from which scaling reproduces its clipped gradients.
#include <gtest/gtest.h>

#include <cmath>

#include "backend/backend.h"
#include "core/tensor.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;
constexpr double kTolerance = 1e-5;

const json& fixture() {
  static const json loaded = testing::load_json("tests/fixtures/optimizer/adamw_torch.json");
  return loaded;
}

TEST(OptimizerAgainstTorch, AdamWFollowsTorchStepByStep) {
  Backend& backend = backend_for(Device::cpu);
  for (const json& c : fixture()["adamw"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    AdamWSettings settings;
    settings.learning_rate = c["lr"], settings.beta1 = c["beta1"], settings.beta2 = c["beta2"];
    settings.eps = c["eps"], settings.weight_decay = c["weight_decay"];
    std::vector<Tensor> params, exp_avg, exp_avg_sq;
    for (const json& initial : c["initial"]) {
      params.push_back(testing::tensor_from_json(initial));
      exp_avg.push_back(Tensor::zeros(params.back().shape()));
      exp_avg_sq.push_back(Tensor::zeros(params.back().shape()));
    }
    for (size_t step = 0; step < c["steps"].size(); ++step) {
      const json& expected = c["steps"][step];
      for (size_t p = 0; p < params.size(); ++p) {
        Tensor grad = testing::tensor_from_json(expected["grads"][p]);
        backend.adamw_update(params[p].data(), grad.data(), exp_avg[p].data(), exp_avg_sq[p].data(),
                             params[p].numel(), settings, static_cast<int64_t>(step) + 1);
        EXPECT_LE(testing::scaled_error(params[p], expected["params"][p], 1e-3), kTolerance) << "param " << p << " step " << step;
        EXPECT_LE(testing::scaled_error(exp_avg[p], expected["exp_avg"][p], 1e-3), kTolerance) << "exp_avg " << p;
        EXPECT_LE(testing::scaled_error(exp_avg_sq[p], expected["exp_avg_sq"][p], 1e-3), kTolerance) << "exp_avg_sq " << p;
      }
    }
  }
}

// clip_grad_norm_: total = sqrt(sum over tensors of ||g||^2); every g *= min(1, max_norm / (total + 1e-6)).
TEST(OptimizerAgainstTorch, SumOfSquaresGivesClipGradNormsTotal) {
  Backend& backend = backend_for(Device::cpu);
  const json& c = fixture()["clip"];
  std::vector<Tensor> grads;
  double squares = 0;
  for (const json& g : c["grads"]) {
    grads.push_back(testing::tensor_from_json(g));
    Tensor tensor_squares = Tensor::empty(Shape{});
    backend.sum_of_squares(grads.back().data(), grads.back().numel(), tensor_squares.data());
    squares += tensor_squares.item();
  }
  const double total = std::sqrt(squares), expected_total = c["total_norm"];
  EXPECT_NEAR(total, expected_total, kTolerance * expected_total);
  const double coefficient = std::min(1.0, c["max_norm"].get<double>() / (total + 1e-6));
  ASSERT_LT(coefficient, 1.0) << "the fixture's gradients are meant to be clipped";
  for (size_t i = 0; i < grads.size(); ++i) {
    backend.scale(grads[i].data(), static_cast<Scalar>(coefficient), grads[i].data(), grads[i].numel());
    EXPECT_LE(testing::scaled_error(grads[i], c["clipped"][i], 1e-3), kTolerance) << "gradient " << i;
  }
}

}  // namespace
}  // namespace simcse
