// test_ops_torch.cc — every op, forward and backward, against PyTorch (float64 reference values
// from tools/make_op_fixtures.py, committed in tests/fixtures/ops/ops_torch.json). Our float32
// build must agree to 1e-5 relative to the tensor's scale: this checks the ops mean what PyTorch's
// mean (GELU's form, LayerNorm's eps, BERT's attention mask, CosineSimilarity's eps, ignore_index),
// which the finite-difference gradcheck cannot: it only checks backward against our own forward.
#include <gtest/gtest.h>

#include <cmath>

#include "ops/ops.h"
#include "simcse/contrastive_loss.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;
constexpr double kTolerance = 1e-5;

const json& fixture() {
  static const json loaded = testing::load_json("tests/fixtures/ops/ops_torch.json");
  return loaded;
}

Tensor run_op(const json& c, const std::vector<Tensor>& in) {
  const std::string op = c["op"];
  const json& attrs = c["attrs"];
  std::vector<int32_t> ints = c["ints"];
  if (op == "matmul") return matmul(in[0], in[1], attrs["transpose_a"], attrs["transpose_b"]);
  if (op == "batched_matmul") return batched_matmul(in[0], in[1], attrs["transpose_a"], attrs["transpose_b"]);
  if (op == "add") return add(in[0], in[1]);
  if (op == "sub") return sub(in[0], in[1]);
  if (op == "mul") return mul(in[0], in[1]);
  if (op == "scale") return scale(in[0], attrs["alpha"].get<double>());
  if (op == "gelu") return gelu(in[0]);
  if (op == "gelu_new") return gelu_new(in[0]);
  if (op == "relu") return relu(in[0]);
  if (op == "tanh") return simcse::tanh(in[0]);
  if (op == "layer_norm") return layer_norm(in[0], in[1], in[2], attrs["eps"].get<double>());
  if (op == "masked_softmax") return masked_softmax(in[0], in.size() > 1 ? in[1] : Tensor());
  if (op == "embedding") return embedding(in[0], ints, Shape(attrs["ids_shape"].get<std::vector<int64_t>>()));
  if (op == "permute") return permute(in[0], attrs["order"].get<std::vector<int>>());
  if (op == "select") return select(in[0], attrs["axis"], attrs["index"]);
  if (op == "slice") return slice(in[0], attrs["axis"], attrs["start"], attrs["length"]);
  if (op == "concat") return concat(in, attrs["axis"]);
  if (op == "masked_mean") return masked_mean(in[0], in[1]);
  if (op == "masked_mean_sqrt_len") return masked_mean_sqrt_len(in[0], in[1]);
  if (op == "masked_max") return masked_max(in[0], in[1]);
  if (op == "l2_normalize") return l2_normalize(in[0]);
  if (op == "cosine_matrix") return cosine_matrix(in[0], in[1]);
  if (op == "cross_entropy") return cross_entropy(in[0], ints);
  if (op == "sum") return sum(in[0]);
  if (op == "mean") return mean(in[0]);
  if (op == "contrastive_loss")
    return contrastive_loss(in[0], in[1], in.size() > 2 ? in[2] : Tensor(), attrs["temperature"].get<double>(),
                            attrs["hard_negative_weight"].get<double>(), attrs["margin"].get<double>());
  throw std::runtime_error("fixture names an op this test does not know: " + op);
}

class OpsAgainstTorch : public ::testing::TestWithParam<int> {};

TEST_P(OpsAgainstTorch, ForwardAndBackwardMatch) {
  const json& c = fixture()["cases"][GetParam()];
  SCOPED_TRACE(c["name"].get<std::string>());
  std::vector<Tensor> inputs;
  for (const json& entry : c["inputs"])
    inputs.push_back(testing::tensor_from_json(entry).set_requires_grad(entry["grad"]));

  Tensor output = run_op(c, inputs);
  double worst = testing::scaled_error(output, c["output"], 1.0);
  EXPECT_LE(worst, kTolerance) << "forward";

  output.backward(testing::tensor_from_json(c["output_grad"]));
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (c["input_grads"][i].is_null()) continue;
    ASSERT_TRUE(inputs[i].has_grad()) << "input " << i << " received no gradient";
    double error = testing::scaled_error(inputs[i].grad(), c["input_grads"][i], 1.0);
    EXPECT_LE(error, kTolerance) << "gradient of input " << i;
    worst = std::max(worst, error);
  }
  std::printf("  %-18s max scaled error vs PyTorch %.2e\n", c["name"].get<std::string>().c_str(), worst);
}

INSTANTIATE_TEST_SUITE_P(AllCases, OpsAgainstTorch, ::testing::Range(0, static_cast<int>(fixture()["cases"].size())),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return fixture()["cases"][info.param]["name"].get<std::string>();
                         });

}  // namespace
}  // namespace simcse
