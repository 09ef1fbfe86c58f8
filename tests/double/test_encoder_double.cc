// test_encoder_double.cc — the double-precision build of the encoder against transformers run in
// float64 (model.double() on the same weights): every tensor within 1e-10, which only holds if
// every op computes the same function as PyTorch's, not merely something close in float32.
#include <gtest/gtest.h>

#include "encoder_parity.h"
#include "ops/ops.h"

namespace simcse {
namespace {

class EncoderParityDouble : public ::testing::TestWithParam<testing::ParityCase> {};

TEST_P(EncoderParityDouble, MatchesTransformersFloat64) { testing::check_parity(GetParam(), "float64", 1e-10); }

INSTANTIATE_TEST_SUITE_P(Fixtures, EncoderParityDouble, ::testing::ValuesIn(testing::parity_cases()),
                         [](const ::testing::TestParamInfo<testing::ParityCase>& info) {
                           return testing::parity_case_name(info.param);
                         });

}  // namespace
}  // namespace simcse

// ---- the whole encoder's backward against finite differences ----------------------------------

namespace simcse {
namespace {

// Every op's gradient is checked on its own (make gradcheck); this checks they are wired together
// right: d loss / d theta for a sample of every parameter's entries, by central differences on
// the double build, where loss mixes the avg_first_last pooler and the pooler output (so the
// gradient passes through every layer, the attention mask and the [CLS] selection).
TEST(EncoderGradients, MatchFiniteDifferences) {
  BertConfig config;
  config.vocab_size = 20, config.hidden_size = 8, config.num_attention_heads = 2, config.num_hidden_layers = 2;
  config.intermediate_size = 12, config.max_position_embeddings = 8, config.initializer_range = 0.4;
  const BertModel model(config, random_bert_parameters(config, 11));
  const BertInput input{2, 5, {2, 7, 9, 4, 3, 2, 11, 3, 0, 0}, {0, 0, 1, 1, 1, 0, 0, 0, 0, 0},
                        {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}};
  const Tensor weights_a = Tensor::from_vector({2, 8}, {0.3, -1.2, 0.5, 0.8, -0.1, 0.9, -0.7, 0.2,
                                                        1.1, 0.4, -0.6, 0.05, 0.7, -0.3, 0.25, -0.9});
  const Tensor weights_b = Tensor::from_vector({2, 8}, {-0.4, 0.6, 0.1, -0.8, 1.3, -0.2, 0.35, 0.5,
                                                        0.2, -1.0, 0.45, 0.9, -0.55, 0.15, 0.6, 0.3});
  auto loss_of = [&] {
    const BertOutput output = model.forward(input, ForwardMode{}, /*output_hidden_states=*/true);
    return add(sum(mul(pool(Pooler::avg_first_last, output), weights_a)), sum(mul(output.pooler_output, weights_b)));
  };
  loss_of().backward();

  NoGradGuard no_grad;
  const double step = 1e-6;
  double worst = 0;
  for (const auto& [name, parameter] : model.parameters().all()) {
    const std::vector<Scalar> analytic = parameter.grad().to_vector();
    for (int64_t sample = 0; sample < 4; ++sample) {
      const int64_t i = (sample * 7919 + 13) % parameter.numel();
      Scalar& value = parameter.data()[i];
      const Scalar saved = value;
      value = saved + step;
      const double plus = loss_of().item();
      value = saved - step;
      const double minus = loss_of().item();
      value = saved;
      const double numeric = (plus - minus) / (2 * step);
      const double error = std::abs(numeric - analytic[i]) / std::max(1.0, std::abs(numeric));
      EXPECT_LT(error, 1e-6) << name << "[" << i << "]: analytic " << analytic[i] << ", numeric " << numeric;
      worst = std::max(worst, error);
    }
  }
  std::printf("encoder gradient vs central differences: worst relative error %.2e\n", worst);
}

}  // namespace
}  // namespace simcse
