// test_autodiff.cc — the tape: backward order, accumulation across uses and across backward
// calls, no-grad mode, graph release, named parameters. Expected values are worked out by hand in
// the comments (the op-level numbers are checked against PyTorch in test_ops_torch.cc).
#include <gtest/gtest.h>

#include <cmath>

#include "ops/ops.h"

namespace simcse {
namespace {

Tensor leaf(std::vector<Scalar> values) {
  Tensor t = Tensor::from_vector({static_cast<int64_t>(values.size())}, values);
  t.set_requires_grad(true);
  return t;
}

TEST(Autodiff, ChainRuleThroughSeveralOps) {
  // L = sum(tanh(w * x)); dL/dw = (1 - tanh^2(w x)) * x.
  Tensor w = leaf({0.5, -1.0}), x = Tensor::from_vector({2}, {2.0, 3.0});
  sum(simcse::tanh(mul(w, x))).backward();
  std::vector<Scalar> grad = w.grad().to_vector();
  EXPECT_NEAR(grad[0], (1 - std::pow(std::tanh(1.0), 2)) * 2.0, 1e-6);
  EXPECT_NEAR(grad[1], (1 - std::pow(std::tanh(-3.0), 2)) * 3.0, 1e-6);
  EXPECT_FALSE(x.has_grad());  // x never asked for one
}

TEST(Autodiff, GradientsAccumulateAcrossUses) {
  // L = sum(x * x + 3 x): x is used three times; dL/dx = 2x + 3.
  Tensor x = leaf({1, -2, 0.5});
  sum(add(mul(x, x), scale(x, 3))).backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<Scalar>{5, -1, 4}));
}

TEST(Autodiff, DiamondGraphVisitsSharedNodeOnce) {
  // h = 2x feeds two branches; L = sum(h) + sum(h * h) -> dL/dx = 2 (1 + 2h) = 2 + 8x.
  Tensor x = leaf({1, 2});
  Tensor h = scale(x, 2);
  add(sum(h), sum(mul(h, h))).backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<Scalar>{10, 18}));
}

TEST(Autodiff, GradientsAccumulateAcrossBackwardCallsUntilZeroed) {
  Tensor x = leaf({1, 2});
  sum(x).backward();
  sum(scale(x, 2)).backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<Scalar>{3, 3}));
  x.zero_grad();
  EXPECT_FALSE(x.has_grad());
}

TEST(Autodiff, NoGradModeRecordsNothing) {
  Tensor x = leaf({1, 2});
  NoGradGuard no_grad;
  Tensor y = scale(x, 2);
  EXPECT_FALSE(y.requires_grad());
  EXPECT_TRUE(y.is_leaf());
  EXPECT_THROW(sum(y).backward(), Error);
}

TEST(Autodiff, NoGradModeEndsWithItsScope) {
  Tensor x = leaf({1});
  { NoGradGuard no_grad; }
  EXPECT_TRUE(scale(x, 2).requires_grad());
}

TEST(Autodiff, BackwardReleasesTheGraph) {
  Tensor x = leaf({1, 2});
  Tensor loss = sum(mul(x, x));
  EXPECT_FALSE(loss.is_leaf());
  loss.backward();
  EXPECT_TRUE(loss.is_leaf());  // the saved activations are gone
}

TEST(Autodiff, BackwardNeedsAScalarOrAnOutputGradient) {
  Tensor x = leaf({1, 2});
  Tensor y = scale(x, 3);
  EXPECT_THROW(y.backward(), Error);
  y.backward(Tensor::from_vector({2}, {1, 10}));
  EXPECT_EQ(x.grad().to_vector(), (std::vector<Scalar>{3, 30}));
}

TEST(Autodiff, DeepChainDoesNotOverflowTheStack) {
  Tensor x = leaf({1});
  Tensor y = x;
  for (int i = 0; i < 100000; ++i) y = scale(y, 1);
  sum(y).backward();
  EXPECT_EQ(x.grad().item(), 1);
}

TEST(Parameters, RegisteredByNameInOrder) {
  ParameterStore store;
  store.add("encoder.layer.0.output.dense.weight", Tensor::zeros({4, 3}));
  store.add("encoder.layer.0.output.dense.bias", Tensor::zeros({4}));
  EXPECT_EQ(store.all().size(), 2u);
  EXPECT_EQ(store.all()[1].first, "encoder.layer.0.output.dense.bias");
  EXPECT_TRUE(store.get("encoder.layer.0.output.dense.weight").requires_grad());
  EXPECT_EQ(store.count_scalars(), 16);
  EXPECT_THROW(store.add("encoder.layer.0.output.dense.bias", Tensor::zeros({4})), Error);
  try {
    store.get("pooler.dense.weight");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("pooler.dense.weight"), std::string::npos);
  }
}

TEST(Parameters, ZeroGradClearsEveryParameter) {
  ParameterStore store;
  Tensor w = store.add("w", Tensor::full({2}, 1));
  sum(mul(w, w)).backward();
  ASSERT_TRUE(w.has_grad());
  store.zero_grad();
  EXPECT_FALSE(w.has_grad());
}

}  // namespace
}  // namespace simcse
