// activation.cc — CpuBackend: GELU (both forms), ReLU and tanh, forward and backward, by the formulas
// of backend/activation_math.h (the CUDA kernels' too). The erf-form GELU alone runs over Eigen arrays
// instead of that scalar loop, because it measured 1.5x faster BERT-base encoding (numbers below).
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
// GCC 12 reports a false -Wmaybe-uninitialized inside its own AVX-512 intrinsics when it inlines
// Eigen's vectorised erf (a known GCC issue with _mm512_undefined_* operands); silenced for this
// file only, before the intrinsics headers are first seen.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <Eigen/Core>
#include <algorithm>
#include <unsupported/Eigen/SpecialFunctions>

#include "backend/activation_math.h"
#include "backend/cpu/cpu_backend.h"

namespace simcse {

// GELU is the activation BERT uses, and the only one whose formula calls library functions per
// element: erf, and exp in the derivative. glibc evaluates them one value at a time, while Eigen's
// erf and exp work on whole SIMD registers. So GELU runs here as Eigen array expressions over
// blocks of kGeluBlock values: math::gelu and math::gelu_derivative of activation_math.h, written
// for arrays. Measured on one thread of the 2-core development machine (float, AVX-512), against
// the scalar loop the other activations use: GELU forward + backward over BERT-base's [64 x 32,
// 3072] intermediate activations, 4 ms instead of 190 ms; tools/bench/encoder_bench.cc, 15.3
// BERT-base sentences/s instead of 10.2 and 171 instead of 147 for 6 x 384 (best of alternating
// runs). Eigen's float erf is a rational approximation (PyTorch's vectorised CPU GELU uses one too),
// within 5.5 ulp of the exact value where glibc's erff is within 0.9: tests/test_activation.cc
// holds this path to the scalar formula in double within 1e-6 (measured 7.7e-7), and the CPU/CUDA
// comparison (1e-5) holds. In the double build Eigen's erf is std::erf.
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

}  // namespace simcse
