// test_optimizer.cc — three AdamW steps with clipping and the linear schedule against
// torch.optim.AdamW + clip_grad_norm_ + get_linear_schedule_with_warmup
// (tools/make_training_optimizer_fixtures.py), and the weight-decay exemptions.
#include <gtest/gtest.h>

#include "simcse/adamw.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

TEST(Optimizer, MatchesTorchAdamWWithClippingAndLinearSchedule) {
  const json fixture = testing::load_json("tests/fixtures/training/optimizer.json");
  NamedTensors parameters;
  for (const auto& [name, shape] : fixture["shapes"].items()) {
    std::vector<double> values = fixture["initial"][name];
    parameters.emplace_back(name, Tensor::from_vector(Shape(shape.get<std::vector<int64_t>>()),
                                                      std::vector<Scalar>(values.begin(), values.end()))
                                      .set_requires_grad(true));
  }
  OptimizerSettings settings;
  settings.adamw.learning_rate = fixture["learning_rate"];
  settings.adamw.weight_decay = fixture["weight_decay"];
  settings.warmup_steps = fixture["warmup_steps"];
  settings.total_steps = fixture["total_steps"];
  settings.max_grad_norm = fixture["max_grad_norm"];
  AdamW optimizer(parameters, settings);

  for (const json& step : fixture["steps"]) {
    for (auto& [name, parameter] : parameters) {
      std::vector<double> grad = step["grads"][name];
      parameter.zero_grad();
      Scalar* target = parameter.grad_data();
      for (size_t i = 0; i < grad.size(); ++i) target[i] = static_cast<Scalar>(grad[i]);
    }
    EXPECT_NEAR(optimizer.current_learning_rate(), step["learning_rate"].get<double>(), 1e-12);
    EXPECT_NEAR(optimizer.clip_gradients(), step["grad_norm"].get<double>(), 1e-5);
    optimizer.step();
    for (const auto& [name, parameter] : parameters) {
      double error = testing::max_abs_diff(parameter.to_vector(), step["params_after"][name]);
      EXPECT_LE(error, 1e-6) << name << " after step " << optimizer.steps_done();
    }
  }
}

TEST(Optimizer, BiasesAndLayerNormAreExemptFromWeightDecay) {
  EXPECT_TRUE(exempt_from_weight_decay("encoder.layer.3.output.dense.bias"));
  EXPECT_TRUE(exempt_from_weight_decay("embeddings.LayerNorm.weight"));
  EXPECT_TRUE(exempt_from_weight_decay("lm_head.transform.LayerNorm.weight"));
  EXPECT_FALSE(exempt_from_weight_decay("encoder.layer.3.output.dense.weight"));
  EXPECT_FALSE(exempt_from_weight_decay("embeddings.word_embeddings.weight"));
}

TEST(Optimizer, ScheduleWarmsUpThenDecaysToZero) {
  OptimizerSettings settings;
  settings.adamw.learning_rate = 1.0;
  settings.warmup_steps = 2;
  settings.total_steps = 6;
  AdamW optimizer({}, settings);
  std::vector<double> expected{0.0, 0.5, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0};
  for (int64_t step = 0; step < 8; ++step) EXPECT_DOUBLE_EQ(optimizer.learning_rate_at(step), expected[step]) << step;
}

// transformers' get_constant_schedule_with_warmup: step / warmup, then 1 for ever.
TEST(Optimizer, ConstantScheduleWarmsUpThenStaysAtThePeak) {
  OptimizerSettings settings;
  settings.adamw.learning_rate = 1.0;
  settings.warmup_steps = 2;
  settings.total_steps = 6;
  settings.decay = false;
  AdamW optimizer({}, settings);
  std::vector<double> expected{0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
  for (int64_t step = 0; step < 8; ++step) EXPECT_DOUBLE_EQ(optimizer.learning_rate_at(step), expected[step]) << step;
}

}  // namespace
}  // namespace simcse
