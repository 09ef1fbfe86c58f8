// test_ops_on_device.cc — the autodiff ops running on the cuda device: a small encoder-like block
// ending in SimCSE's loss gives the same loss and parameter gradients as on the CPU (1e-5 of each
// tensor's scale), gives the same bits when run twice (no kernel depends on thread timing), and
// ops refuse inputs on two different devices. Runs on the CPU emulator in `make test`, on the GPU in
// `make test-gpu`.
// (One full SimCSE training step through BERT on both devices waits for the trainer.)
#include <gtest/gtest.h>

#include <random>

#include "ops/ops.h"
#include "simcse/contrastive_loss.h"

namespace simcse {
namespace {

Tensor random_tensor(const Shape& shape, uint64_t seed, Device device) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<Scalar> values(static_cast<size_t>(shape.numel()));
  for (Scalar& v : values) v = static_cast<Scalar>(uniform(rng));
  return Tensor::from_vector(shape, values, device).set_requires_grad(true);
}

// Embedding lookup, a Linear layer with GELU and LayerNorm, two-head self-attention over a padded
// batch, dropout, both poolers ([CLS] and masked mean) and the supervised contrastive loss, which
// touches every op. Returns the loss followed by every parameter's gradient, on the host.
std::vector<Scalar> run_block(Device device) {
  const int64_t batch = 4, seq = 8, width = 32, heads = 2;
  Tensor table = random_tensor({20, width}, 1, device), w = random_tensor({width, width}, 2, device);
  Tensor bias = random_tensor({width}, 3, device), gamma = random_tensor({width}, 4, device);
  Tensor beta = random_tensor({width}, 5, device);
  std::vector<int32_t> ids(static_cast<size_t>(batch * seq));
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int32_t>((i * 7) % 20);
  std::vector<Scalar> mask_values(static_cast<size_t>(batch * seq), 1);
  for (int64_t s = 5; s < seq; ++s) mask_values[static_cast<size_t>(2 * seq + s)] = 0;  // a short sentence
  Tensor mask = Tensor::from_vector({batch, seq}, mask_values, device);

  Tensor x = embedding(table, ids, {batch, seq});                                         // [4, 8, 32]
  Tensor h = layer_norm(gelu(add(matmul(x, w, false, true), bias)), gamma, beta, 1e-12);  // [4, 8, 32]
  Tensor split = permute(reshape(h, {batch, seq, heads, width / heads}), {0, 2, 1, 3});   // [4, 2, 8, 16]
  Tensor scores = scale(batched_matmul(split, split, false, true), Scalar(0.25));         // [4, 2, 8, 8]
  Tensor mixed = batched_matmul(masked_softmax(scores, mask), split);                     // [4, 2, 8, 16]
  RandomStream stream{11};
  Tensor merged = reshape(permute(dropout(mixed, 0.1, stream), {0, 2, 1, 3}), {batch, seq, width});
  Tensor pooled = masked_mean(merged, mask), cls = select(merged, 1, 0);                  // [4, 32] each
  Tensor loss = contrastive_loss(pooled, cls, dropout(pooled, 0.1, stream), 0.05, 1.0);
  loss.backward();
  std::vector<Scalar> all = loss.to_vector();
  for (const Tensor& t : {table, w, bias, gamma, beta}) {
    std::vector<Scalar> grad = t.grad().to_vector();
    all.insert(all.end(), grad.begin(), grad.end());
  }
  return all;
}

TEST(OpsOnDevice, EncoderBlockMatchesTheCpu) {
  const std::vector<Scalar> cpu = run_block(Device::cpu), cuda = run_block(Device::cuda);
  ASSERT_EQ(cpu.size(), cuda.size());
  double largest = 1, worst = 0;
  for (size_t i = 0; i < cpu.size(); ++i) {
    largest = std::max(largest, std::abs(static_cast<double>(cpu[i])));
    worst = std::max(worst, std::abs(static_cast<double>(cuda[i]) - cpu[i]));
  }
  std::printf("  encoder block on cuda vs cpu: loss %.7f vs %.7f, max_err=%.2e over loss and %zu gradient values\n",
              cuda[0], cpu[0], worst / largest, cpu.size() - 1);
  EXPECT_LE(worst / largest, 1e-5);
}

TEST(OpsOnDevice, SameInputsSameBits) { EXPECT_EQ(run_block(Device::cuda), run_block(Device::cuda)); }

TEST(OpsOnDevice, OpsRefuseInputsOnTwoDevices) {
  Tensor on_cpu = Tensor::zeros({2, 3}), on_cuda = Tensor::zeros({2, 3}, Device::cuda);
  try {
    add(on_cpu, on_cuda);
    FAIL() << "add accepted a cpu and a cuda tensor";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("different devices"), std::string::npos) << error.what();
  }
}

TEST(OpsOnDevice, TensorsMoveBetweenDevices) {
  Tensor host = Tensor::from_vector({2, 2}, {1, 2, 3, 4});
  Tensor device = host.to(Device::cuda);
  EXPECT_EQ(device.device(), Device::cuda);
  EXPECT_EQ(scale(device, 2).to(Device::cpu).to_vector(), (std::vector<Scalar>{2, 4, 6, 8}));
  EXPECT_EQ(parse_device("cuda"), Device::cuda);
  EXPECT_NE(backend_for(Device::cuda).describe().find("cuda"), std::string::npos);
}

}  // namespace
}  // namespace simcse
