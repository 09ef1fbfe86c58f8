// test_determinism.cc — the same inputs and thread count give the same bits, and the reductions
// (sums, bias gradients, LayerNorm's gamma/beta gradients) give the same bits for 1 and 2 threads,
// because every reduction runs in a fixed order.
#include <gtest/gtest.h>

#include <random>

#include "backend/backend.h"
#include "ops/ops.h"

namespace simcse {
namespace {

Tensor random_tensor(const Shape& shape, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<Scalar> values(static_cast<size_t>(shape.numel()));
  for (Scalar& v : values) v = static_cast<Scalar>(uniform(rng));
  return Tensor::from_vector(shape, values).set_requires_grad(true);
}

// A small attention-and-feed-forward block; returns the loss and every gradient, flattened.
std::vector<Scalar> run_block() {
  Tensor x = random_tensor({8, 16, 64}, 1), w = random_tensor({64, 64}, 2), bias = random_tensor({64}, 3);
  Tensor gamma = random_tensor({64}, 4), beta = random_tensor({64}, 5);
  Tensor h = layer_norm(gelu(add(matmul(x, w, false, true), bias)), gamma, beta, 1e-12);  // [8, 16, 64]
  Tensor heads = permute(reshape(h, {8, 16, 4, 16}), {0, 2, 1, 3});                      // [8, 4, 16, 16]
  Tensor probs = masked_softmax(batched_matmul(heads, heads, false, true));
  RandomStream stream{11};
  Tensor loss = mean(dropout(batched_matmul(probs, heads), 0.1, stream));
  loss.backward();
  std::vector<Scalar> all = loss.to_vector();
  for (const Tensor& t : {x, w, bias, gamma, beta}) {
    std::vector<Scalar> grad = t.grad().to_vector();
    all.insert(all.end(), grad.begin(), grad.end());
  }
  return all;
}

TEST(Determinism, SameThreadCountSameBits) {
  EXPECT_EQ(run_block(), run_block());
}

TEST(Determinism, ReductionsDoNotDependOnTheThreadCount) {
  Tensor x = random_tensor({300000}, 9);
  Tensor rows = random_tensor({4096, 96}, 10), bias = random_tensor({96}, 12);
  auto reductions = [&] {
    x.zero_grad();
    bias.zero_grad();
    std::vector<Scalar> out{sum(x).item(), mean(x).item()};
    sum(add(rows, bias)).backward();  // the bias gradient sums 4096 rows per column
    std::vector<Scalar> grad = bias.grad().to_vector();
    out.insert(out.end(), grad.begin(), grad.end());
    return out;
  };
  const int threads = num_threads();
  set_num_threads(1);
  std::vector<Scalar> one_thread = reductions();
  set_num_threads(2);
  std::vector<Scalar> two_threads = reductions();
  set_num_threads(threads);
  EXPECT_EQ(one_thread, two_threads);
}

}  // namespace
}  // namespace simcse
