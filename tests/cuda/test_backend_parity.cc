// test_backend_parity.cc — every kernel of the Backend interface on the cuda device against the CPU
// backend, on the same inputs: forward kernels must produce the same outputs and backward kernels
// must add the same amounts into gradient buffers that already hold values (they add, they do not
// overwrite), within 1e-5 of the values' scale. Dropout masks and the embedding scatter-add must
// agree bit for bit. Runs on the CPU emulator in `make test` and on the GPU in `make test-gpu`;
// the emulator is slow (a fiber per CUDA thread), so the shapes are small but awkward: single
// rows, sizes that are not multiples of 32, several blocks and several chunks where a kernel has them.
// Each comparison prints its largest error ("cuda vs cpu ... max_err=").
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/tensor.h"

namespace simcse {
namespace {

constexpr double kTolerance = 1e-5;

// One buffer with the same contents on both devices (tensors own the memory).
struct Twin {
  Tensor cpu, cuda;
  Scalar* on(Device device) const { return (device == Device::cpu ? cpu : cuda).data(); }
};

Twin twin_of(const std::vector<Scalar>& values) {
  const Shape shape{static_cast<int64_t>(values.size())};
  return {Tensor::from_vector(shape, values, Device::cpu), Tensor::from_vector(shape, values, Device::cuda)};
}

std::vector<Scalar> random_values(int64_t count, double range = 1.0) {
  static std::mt19937_64 rng(20210408);
  std::uniform_real_distribution<double> uniform(-range, range);
  std::vector<Scalar> values(static_cast<size_t>(count));
  for (Scalar& v : values) v = static_cast<Scalar>(uniform(rng));
  return values;
}

Twin random_twin(int64_t count, double range = 1.0) { return twin_of(random_values(count, range)); }

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

// Runs the same backend call on each device, with that device's pointers.
template <typename Call>
void on_both(Call call) {
  call(backend_for(Device::cpu), Device::cpu);
  call(backend_for(Device::cuda), Device::cuda);
}

// max |cuda - cpu| / max(1, max |cpu|): absolute for values of order 1, relative for larger ones.
double difference(const Twin& twin) {
  const std::vector<Scalar> expected = twin.cpu.to_vector(), actual = twin.cuda.to_vector();
  double largest = 1, worst = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    largest = std::max(largest, std::abs(static_cast<double>(expected[i])));
    worst = std::max(worst, std::abs(static_cast<double>(actual[i]) - expected[i]));
    if (std::isnan(actual[i]) != std::isnan(expected[i])) worst = INFINITY;
  }
  return worst / largest;
}

void expect_match(const Twin& twin, const std::string& what, double tolerance = kTolerance) {
  const double error = difference(twin);
  std::printf("  cuda vs cpu  %-52s max_err=%.2e\n", what.c_str(), error);
  EXPECT_LE(error, tolerance) << what;
}

void expect_identical(const Twin& twin, const std::string& what) {
  std::printf("  cuda vs cpu  %-52s %s\n", what.c_str(),
              twin.cpu.to_vector() == twin.cuda.to_vector() ? "identical bits" : "DIFFERENT");
  EXPECT_EQ(twin.cpu.to_vector(), twin.cuda.to_vector()) << what;
}

TEST(CudaBackendParity, MemoryFillAndFiniteCheck) {
  std::vector<Scalar> values = random_values(1000);
  Twin x = twin_of(values);
  EXPECT_EQ(x.cuda.to_vector(), values);  // a round trip through device memory changes nothing
  on_both([&](Backend& b, Device d) { b.copy(x.on(d) + 10, x.on(d) + 500, 300); });
  expect_identical(x, "copy");
  values[7] = std::numeric_limits<Scalar>::quiet_NaN();
  values[999] = -std::numeric_limits<Scalar>::infinity();
  Twin bad = twin_of(values);
  EXPECT_EQ(backend_for(Device::cuda).count_nonfinite(bad.cuda.data(), 1000), 2);
  EXPECT_EQ(backend_for(Device::cuda).count_nonfinite(x.cuda.data(), 1000), 0);
  // 300,000 values: more than the capped grid's 262,144 threads, so the grid-stride loop wraps.
  Twin big = random_twin(300000);
  on_both([&](Backend& b, Device d) { b.fill(big.on(d) + 1, 299998, Scalar(0.25)); });
  expect_identical(big, "fill (grid-stride loop past the grid cap)");
}

TEST(CudaBackendParity, GemmEveryTransposeAlphaBetaAndBatch) {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (auto [m, n, k, batch] : {std::array<int64_t, 4>{1, 1, 1, 1}, {7, 5, 3, 1}, {13, 33, 9, 3}}) {
        GemmArgs g;
        g.transpose_a = ta, g.transpose_b = tb, g.m = m, g.n = n, g.k = k, g.batch = batch;
        g.stride_a = m * k, g.stride_b = k * n, g.stride_c = m * n;
        Twin a = random_twin(batch * m * k), b = random_twin(batch * k * n);
        for (Scalar beta : {Scalar(0), Scalar(1), Scalar(-0.5)}) {
          g.alpha = Scalar(1.5), g.beta = beta;
          std::vector<Scalar> c_values = random_values(batch * m * n);
          // beta = 0 must not read C: start from NaN, which 0 * NaN would spread.
          if (beta == 0) c_values.assign(c_values.size(), std::numeric_limits<Scalar>::quiet_NaN());
          Twin c = twin_of(c_values);
          on_both([&](Backend& be, Device d) { be.gemm(g, a.on(d), b.on(d), c.on(d)); });
          expect_match(c, "gemm ta=" + std::to_string(ta) + " tb=" + std::to_string(tb) + " m,n,k=" +
                              std::to_string(m) + "," + std::to_string(n) + "," + std::to_string(k) +
                              " batch=" + std::to_string(batch) + " beta=" + number(beta));
        }
      }
}

TEST(CudaBackendParity, BinaryOpsWithBroadcastRowForwardAndBackward) {
  const int64_t rows = 150, cols = 37;  // 150 rows: three chunks of the column sum
  for (BinaryOp op : {BinaryOp::add, BinaryOp::sub, BinaryOp::mul})
    for (bool b_is_row : {false, true}) {
      const std::string name = std::string(op == BinaryOp::add ? "add" : op == BinaryOp::sub ? "sub" : "mul") +
                               (b_is_row ? " (row)" : "");
      Twin a = random_twin(rows * cols), b = random_twin(b_is_row ? cols : rows * cols);
      Twin out = random_twin(rows * cols), dout = random_twin(rows * cols);
      Twin da = random_twin(rows * cols), db = random_twin(b_is_row ? cols : rows * cols);
      on_both([&](Backend& be, Device d) {
        be.binary_forward(op, a.on(d), b.on(d), out.on(d), rows, cols, b_is_row);
        be.binary_backward(op, a.on(d), b.on(d), dout.on(d), da.on(d), db.on(d), rows, cols, b_is_row);
        be.binary_backward(op, a.on(d), b.on(d), dout.on(d), nullptr, db.on(d), rows, cols, b_is_row);
      });
      expect_match(out, name + " forward");
      expect_match(da, name + " da");
      expect_match(db, name + " db (twice)");
    }
}

TEST(CudaBackendParity, ScaleAndAxpy) {
  Twin x = random_twin(777), y = random_twin(777), out = random_twin(777);
  on_both([&](Backend& b, Device d) {
    b.scale(x.on(d), Scalar(-2.5), out.on(d), 777);
    b.axpy(Scalar(0.75), x.on(d), y.on(d), 777);
  });
  expect_match(out, "scale");
  expect_match(y, "axpy");
}

TEST(CudaBackendParity, ActivationsForwardAndBackward) {
  for (Activation kind : {Activation::gelu, Activation::gelu_tanh, Activation::relu, Activation::tanh}) {
    const std::string name = kind == Activation::gelu        ? "gelu"
                             : kind == Activation::gelu_tanh ? "gelu_new"
                             : kind == Activation::relu      ? "relu"
                                                             : "tanh";
    Twin x = random_twin(500, 4.0), y = random_twin(500), dy = random_twin(500), dx = random_twin(500);
    on_both([&](Backend& b, Device d) {
      b.activation_forward(kind, x.on(d), y.on(d), 500);
      b.activation_backward(kind, x.on(d), y.on(d), dy.on(d), dx.on(d), 500);
    });
    expect_match(y, name + " forward");
    expect_match(dx, name + " backward");
  }
}

TEST(CudaBackendParity, DropoutDropsTheSameUnits) {
  for (double p : {0.1, 0.5}) {
    Twin x = random_twin(1001), y = random_twin(1001), dx = random_twin(1001);
    on_both([&](Backend& b, Device d) {
      b.dropout(x.on(d), y.on(d), 1001, p, /*seed=*/1234, /*offset=*/77, /*first_element=*/5000, /*accumulate=*/false);
      b.dropout(x.on(d), dx.on(d), 1001, p, 1234, 77, 5000, /*accumulate=*/true);
    });
    expect_identical(y, "dropout p=" + number(p));
    expect_identical(dx, "dropout p=" + number(p) + " accumulate");
  }
}

TEST(CudaBackendParity, LayerNormForwardAndBackward) {
  for (auto [rows, cols] : {std::pair<int64_t, int64_t>{1, 7}, {9, 100}, {70, 33}}) {
    for (Scalar eps : {Scalar(1e-12), Scalar(1e-5)}) {
      const std::string shape = " [" + std::to_string(rows) + ", " + std::to_string(cols) + "] eps=" + number(eps);
      Twin x = random_twin(rows * cols, 3.0), gamma = random_twin(cols), beta = random_twin(cols);
      Twin y = random_twin(rows * cols), mean = random_twin(rows), rstd = random_twin(rows);
      Twin dy = random_twin(rows * cols), dx = random_twin(rows * cols), dgamma = random_twin(cols),
           dbeta = random_twin(cols);
      on_both([&](Backend& b, Device d) {
        b.layer_norm_forward(x.on(d), gamma.on(d), beta.on(d), y.on(d), mean.on(d), rstd.on(d), rows, cols, eps);
        b.layer_norm_backward(x.on(d), gamma.on(d), mean.on(d), rstd.on(d), dy.on(d), dx.on(d), dgamma.on(d),
                              dbeta.on(d), rows, cols);
        b.layer_norm_backward(x.on(d), gamma.on(d), mean.on(d), rstd.on(d), dy.on(d), nullptr, nullptr, dbeta.on(d),
                              rows, cols);
      });
      expect_match(y, "layer_norm y" + shape);
      expect_match(mean, "layer_norm mean" + shape);
      expect_match(rstd, "layer_norm rstd" + shape);
      expect_match(dx, "layer_norm dx" + shape);
      expect_match(dgamma, "layer_norm dgamma" + shape);
      expect_match(dbeta, "layer_norm dbeta (twice)" + shape);
    }
  }
}

TEST(CudaBackendParity, L2NormalizeIncludingAZeroRow) {
  const int64_t rows = 6, cols = 45;
  std::vector<Scalar> values = random_values(rows * cols);
  for (int64_t c = 0; c < cols; ++c) values[2 * cols + c] = 0;  // below eps: the clamped branch
  Twin x = twin_of(values), y = random_twin(rows * cols), norms = random_twin(rows);
  Twin dy = random_twin(rows * cols), dx = random_twin(rows * cols);
  on_both([&](Backend& b, Device d) {
    b.l2_normalize_forward(x.on(d), y.on(d), norms.on(d), rows, cols, Scalar(1e-8));
    b.l2_normalize_backward(y.on(d), norms.on(d), dy.on(d), dx.on(d), rows, cols, Scalar(1e-8));
  });
  expect_match(y, "l2_normalize y");
  expect_match(norms, "l2_normalize norms");
  expect_match(dx, "l2_normalize dx (one row clamped at eps)");
}

TEST(CudaBackendParity, MaskedSoftmaxWithPaddingAndBackward) {
  const int64_t batch = 3, heads = 2, seq = 37, rows = batch * heads * seq;
  std::vector<Scalar> mask(static_cast<size_t>(batch * seq), 1);
  for (int64_t s = 20; s < seq; ++s) mask[static_cast<size_t>(seq + s)] = 0;  // sentence 1: 20 tokens
  for (int64_t s = 0; s < seq; ++s) mask[static_cast<size_t>(2 * seq + s)] = 0;  // sentence 2: all padding
  Twin x = random_twin(rows * seq, 6.0), m = twin_of(mask), y = random_twin(rows * seq);
  Twin dy = random_twin(rows * seq), dx = random_twin(rows * seq), unmasked = random_twin(rows * seq);
  Twin causal = random_twin(rows * seq), causal_padded = random_twin(rows * seq);
  on_both([&](Backend& b, Device d) {
    b.masked_softmax_forward(x.on(d), m.on(d), y.on(d), rows, seq, batch, false);
    b.masked_softmax_forward(x.on(d), nullptr, unmasked.on(d), rows, seq, 0, false);
    b.masked_softmax_forward(x.on(d), nullptr, causal.on(d), rows, seq, 0, true);
    b.masked_softmax_forward(x.on(d), m.on(d), causal_padded.on(d), rows, seq, batch, true);
    b.masked_softmax_backward(y.on(d), dy.on(d), dx.on(d), rows, seq);
  });
  expect_match(y, "masked_softmax (with an all-padding row)");
  expect_match(unmasked, "softmax without mask");
  expect_match(causal, "causal softmax");
  expect_match(causal_padded, "causal softmax with padding");
  expect_match(dx, "masked_softmax_backward");
}

TEST(CudaBackendParity, CrossEntropyWithIgnoredRows) {
  const int64_t rows = 9, classes = 70;
  const std::vector<int32_t> labels = {3, -100, 69, 0, 5, 5, -100, 12, 40};
  const Scalar inv_count = Scalar(1) / 7;
  Twin logits = random_twin(rows * classes, 8.0), probs = random_twin(rows * classes), loss = random_twin(1);
  Twin dloss = twin_of({Scalar(1.7)}), dlogits = random_twin(rows * classes);
  on_both([&](Backend& b, Device d) {
    b.cross_entropy_forward(logits.on(d), labels.data(), probs.on(d), loss.on(d), rows, classes, inv_count);
    b.cross_entropy_backward(probs.on(d), labels.data(), dloss.on(d), dlogits.on(d), rows, classes, inv_count);
  });
  expect_match(loss, "cross_entropy loss");
  expect_match(probs, "cross_entropy probs");
  expect_match(dlogits, "cross_entropy dlogits");
}

TEST(CudaBackendParity, EmbeddingGatherAndDeterministicScatterAdd) {
  const int64_t vocab = 11, hidden = 40;
  const std::vector<int32_t> ids = {3, 7, 3, 0, 10, 3, 7, 1, 1, 9, 3, 2, 0};  // repeats add up
  const int64_t count = static_cast<int64_t>(ids.size());
  Twin table = random_twin(vocab * hidden), out = random_twin(count * hidden);
  Twin dout = random_twin(count * hidden), dtable = random_twin(vocab * hidden);
  on_both([&](Backend& b, Device d) {
    b.embedding_forward(table.on(d), ids.data(), out.on(d), count, hidden);
    b.embedding_backward(ids.data(), dout.on(d), dtable.on(d), count, hidden);
  });
  expect_identical(out, "embedding gather");
  expect_identical(dtable, "embedding scatter-add (same order as the CPU)");
}

TEST(CudaBackendParity, PermuteAndCopyBlock) {
  const int64_t dims[4] = {2, 5, 3, 7};
  const int perms[][4] = {{0, 2, 1, 3}, {3, 1, 0, 2}, {0, 1, 2, 3}, {1, 3, 2, 0}};
  for (const auto& perm : perms) {
    Twin in = random_twin(210), out = random_twin(210), sum_into = random_twin(210);
    on_both([&](Backend& b, Device d) {
      b.permute(in.on(d), dims, perm, out.on(d), false);
      b.permute(in.on(d), dims, perm, sum_into.on(d), true);
    });
    const std::string name = "permute (" + std::to_string(perm[0]) + std::to_string(perm[1]) +
                             std::to_string(perm[2]) + std::to_string(perm[3]) + ")";
    expect_identical(out, name);
    expect_match(sum_into, name + " accumulate");
  }
  // src [4, 9, 5] -> dst [4, 6, 5]: axis-1 rows 2..5 of src into rows 1..4 of dst, then added back.
  Twin src = random_twin(4 * 9 * 5), dst = random_twin(4 * 6 * 5);
  on_both([&](Backend& b, Device d) {
    b.copy_block(src.on(d), 9, 2, dst.on(d), 6, 1, 4, 4, 5, false);
    b.copy_block(dst.on(d), 6, 0, src.on(d), 9, 3, 4, 6, 5, true);
  });
  expect_identical(dst, "copy_block");
  expect_match(src, "copy_block accumulate");
}

TEST(CudaBackendParity, SumsAndTheirBroadcast) {
  for (int64_t count : {1, 300, 10000}) {  // 10000: three chunks of 4096
    Twin x = random_twin(count), total = random_twin(1), mean = random_twin(1), squares = random_twin(1);
    Twin dx = random_twin(count), dout = twin_of({Scalar(0.3)});
    on_both([&](Backend& b, Device d) {
      b.sum(x.on(d), count, 1, total.on(d));
      b.sum(x.on(d), count, Scalar(1) / count, mean.on(d));
      b.sum_of_squares(x.on(d), count, squares.on(d));
      b.add_scalar_broadcast(dout.on(d), Scalar(1) / count, dx.on(d), count);
    });
    const std::string n = " n=" + std::to_string(count);
    expect_match(total, "sum" + n);
    expect_match(mean, "mean" + n);
    expect_match(squares, "sum_of_squares" + n);
    expect_match(dx, "add_scalar_broadcast" + n);
  }
}

TEST(CudaBackendParity, MaskedMeanForwardAndBackward) {
  const int64_t batch = 3, seq = 7, hidden = 50;
  std::vector<Scalar> mask(static_cast<size_t>(batch * seq), 1);
  for (int64_t s = 4; s < seq; ++s) mask[static_cast<size_t>(seq + s)] = 0;
  mask[static_cast<size_t>(2 * seq + 6)] = 0;
  for (bool sqrt_length : {false, true}) {
    Twin x = random_twin(batch * seq * hidden), m = twin_of(mask), y = random_twin(batch * hidden);
    Twin dy = random_twin(batch * hidden), dx = random_twin(batch * seq * hidden);
    on_both([&](Backend& b, Device d) {
      b.masked_mean_forward(x.on(d), m.on(d), y.on(d), batch, seq, hidden, sqrt_length);
      b.masked_mean_backward(m.on(d), dy.on(d), dx.on(d), batch, seq, hidden, sqrt_length);
    });
    const std::string name = sqrt_length ? "masked_mean_sqrt_len" : "masked_mean";
    expect_match(y, name + " forward");
    expect_match(dx, name + " backward");
  }
}

TEST(CudaBackendParity, MaskedMaxForwardAndBackward) {
  const int64_t batch = 3, seq = 7, hidden = 50;
  std::vector<Scalar> mask(static_cast<size_t>(batch * seq), 1);
  for (int64_t s = 4; s < seq; ++s) mask[static_cast<size_t>(seq + s)] = 0;
  mask[static_cast<size_t>(2 * seq + 6)] = 0;
  Twin x = random_twin(batch * seq * hidden), m = twin_of(mask), y = random_twin(batch * hidden);
  Twin dy = random_twin(batch * hidden), dx = random_twin(batch * seq * hidden);
  on_both([&](Backend& b, Device d) {
    b.masked_max_forward(x.on(d), m.on(d), y.on(d), batch, seq, hidden);
    b.masked_max_backward(x.on(d), m.on(d), dy.on(d), dx.on(d), batch, seq, hidden);
  });
  expect_match(y, "masked_max forward");
  expect_match(dx, "masked_max backward");
}

TEST(CudaBackendParity, AdamWSteps) {
  const int64_t count = 333;
  Twin param = random_twin(count), exp_avg = twin_of(std::vector<Scalar>(count, 0)),
       exp_avg_sq = twin_of(std::vector<Scalar>(count, 0));
  AdamWSettings settings;
  settings.learning_rate = 0.01, settings.weight_decay = 0.1;
  for (int64_t step = 1; step <= 3; ++step) {
    Twin grad = random_twin(count);
    on_both([&](Backend& b, Device d) {
      b.adamw_update(param.on(d), grad.on(d), exp_avg.on(d), exp_avg_sq.on(d), count, settings, step);
    });
  }
  expect_match(param, "adamw param after 3 steps");
  expect_match(exp_avg, "adamw exp_avg");
  expect_match(exp_avg_sq, "adamw exp_avg_sq");
}

}  // namespace
}  // namespace simcse
