// elementwise.cc — CpuBackend: add/sub/mul with a broadcast bias row, scale, axpy, activations and
// dropout. Each backward sits right after its forward.
// Paper: none (infrastructure); dropout serves §3 (two dropout masks make SimCSE's positive pair)
// GCC 12 reports a false -Wmaybe-uninitialized inside its own AVX-512 intrinsics when it inlines
// Eigen's vectorised erf (a known GCC issue with _mm512_undefined_* operands); silenced for this
// file only, before the intrinsics headers are first seen.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <Eigen/Core>
#include <algorithm>
#include <unsupported/Eigen/SpecialFunctions>

#include "backend/activation_math.h"
#include "backend/cpu/cpu_backend.h"
#include "core/philox.h"

namespace simcse {

void CpuBackend::binary_forward(BinaryOp op, const Scalar* a, const Scalar* b, Scalar* out, int64_t rows,
                                int64_t cols, bool b_is_row) {
  const int64_t count = rows * cols;
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* a_row = a + r * cols;
    const Scalar* b_row = b_is_row ? b : b + r * cols;
    Scalar* out_row = out + r * cols;
    switch (op) {
      case BinaryOp::add: for (int64_t c = 0; c < cols; ++c) out_row[c] = a_row[c] + b_row[c]; break;
      case BinaryOp::sub: for (int64_t c = 0; c < cols; ++c) out_row[c] = a_row[c] - b_row[c]; break;
      case BinaryOp::mul: for (int64_t c = 0; c < cols; ++c) out_row[c] = a_row[c] * b_row[c]; break;
    }
  }
}

// d(a+b) = (1, 1), d(a-b) = (1, -1), d(a*b) = (b, a). For a broadcast row b, db sums over rows;
// each thread owns a range of columns and walks the rows in order, so the sum is deterministic.
void CpuBackend::binary_backward(BinaryOp op, const Scalar* a, const Scalar* b, const Scalar* dout, Scalar* da,
                                 Scalar* db, int64_t rows, int64_t cols, bool b_is_row) {
  const int64_t count = rows * cols;
  if (da) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
    for (int64_t r = 0; r < rows; ++r) {
      const Scalar* b_row = b_is_row ? b : b + r * cols;
      for (int64_t c = 0; c < cols; ++c)
        da[r * cols + c] += op == BinaryOp::mul ? dout[r * cols + c] * b_row[c] : dout[r * cols + c];
    }
  }
  if (!db) return;
  const Scalar sign = op == BinaryOp::sub ? Scalar(-1) : Scalar(1);
  auto db_term = [&](int64_t i) { return op == BinaryOp::mul ? dout[i] * a[i] : sign * dout[i]; };
  if (!b_is_row) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
    for (int64_t i = 0; i < count; ++i) db[i] += db_term(i);
    return;
  }
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t c = 0; c < cols; ++c) {
    Scalar total = 0;
    for (int64_t r = 0; r < rows; ++r) total += db_term(r * cols + c);
    db[c] += total;
  }
}

void CpuBackend::scale(const Scalar* x, Scalar alpha, Scalar* out, int64_t count) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) out[i] = alpha * x[i];
}

void CpuBackend::axpy(Scalar alpha, const Scalar* x, Scalar* y, int64_t count) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) y[i] += alpha * x[i];
}

// GELU is the activation BERT uses, and the only one whose formula calls library functions per
// element: erf, and exp in the derivative. glibc evaluates them one value at a time (about 10% of
// a BERT forward pass), while Eigen's erf and exp work on whole SIMD registers. So GELU runs here
// as Eigen array expressions over blocks of kGeluBlock values; the formulas are math::gelu and
// math::gelu_derivative of activation_math.h (which the CUDA kernels use), written for arrays.
// Eigen's float erf is a rational approximation (as PyTorch's own vectorised CPU GELU uses one):
// within 5.5 ulp of the exact value over [-6, 6] (3.3e-7 absolute), where glibc's erff is within
// 0.9; the PyTorch parity tests (1e-5) and the CPU/CUDA comparison (1e-5) hold. In the double
// build Eigen's erf is std::erf.
namespace {
constexpr int64_t kGeluBlock = 4096;
using ArrayMap = Eigen::Map<Eigen::Array<Scalar, Eigen::Dynamic, 1>>;
using ConstArrayMap = Eigen::Map<const Eigen::Array<Scalar, Eigen::Dynamic, 1>>;
const Scalar kInverseSqrt2 = Scalar(0.70710678118654752440), kInverseSqrt2Pi = Scalar(0.39894228040143267794);

void gelu_forward(const Scalar* x, Scalar* y, int64_t count) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t begin = 0; begin < count; begin += kGeluBlock) {
    const int64_t n = std::min(kGeluBlock, count - begin);
    ConstArrayMap xs(x + begin, n);
    ArrayMap(y + begin, n) = Scalar(0.5) * xs * (Scalar(1) + (xs * kInverseSqrt2).erf());
  }
}

void gelu_backward(const Scalar* x, const Scalar* dy, Scalar* dx, int64_t count) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t begin = 0; begin < count; begin += kGeluBlock) {
    const int64_t n = std::min(kGeluBlock, count - begin);
    ConstArrayMap xs(x + begin, n);
    const auto cdf = Scalar(0.5) * (Scalar(1) + (xs * kInverseSqrt2).erf());
    const auto density = (Scalar(-0.5) * xs * xs).exp() * kInverseSqrt2Pi;
    ArrayMap(dx + begin, n) += (cdf + xs * density) * ConstArrayMap(dy + begin, n);
  }
}
}  // namespace

void CpuBackend::activation_forward(Activation kind, const Scalar* x, Scalar* y, int64_t count) {
  if (kind == Activation::gelu) return gelu_forward(x, y, count);
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) y[i] = math::activation_value(kind, x[i]);
}

void CpuBackend::activation_backward(Activation kind, const Scalar* x, const Scalar* y, const Scalar* dy,
                                     Scalar* dx, int64_t count) {
  if (kind == Activation::gelu) return gelu_backward(x, dy, dx, count);
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) dx[i] += math::activation_derivative(kind, x[i], y[i]) * dy[i];
}

// Inverted dropout: kept units are scaled by 1/(1-p) at training time so inference needs no change.
void CpuBackend::dropout(const Scalar* in, Scalar* out, int64_t count, double probability, uint64_t seed,
                         uint64_t offset, bool accumulate) {
  const uint32_t threshold = dropout_threshold(probability);
  const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - probability));
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) {
    bool keep = philox_bits(seed, offset, static_cast<uint64_t>(i)) >= threshold;
    Scalar value = keep ? in[i] * keep_scale : Scalar(0);
    out[i] = accumulate ? out[i] + value : value;
  }
}

}  // namespace simcse
