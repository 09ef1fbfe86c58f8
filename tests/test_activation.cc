// test_activation.cc — the CPU backend's erf-form GELU, which runs over Eigen arrays (vectorised erf
// and exp; backend/cpu/activation.cc says why), against the plain formula it replaces: math::gelu
// and math::gelu_derivative of backend/activation_math.h (what the CUDA kernels run), in double.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "backend/activation_math.h"
#include "backend/backend.h"

namespace simcse {
namespace {

TEST(CpuGelu, VectorisedPathMatchesTheScalarFormula) {
  // [-12, 12] in steps of 1/1024: 24,577 values, so several blocks of the vectorised loop, more
  // than one thread, and a last block of one value.
  std::vector<Scalar> x, dy;
  for (int i = -12 * 1024; i <= 12 * 1024; ++i) {
    x.push_back(static_cast<Scalar>(i) / 1024);
    dy.push_back(static_cast<Scalar>(1 + (i & 7)) / 4);  // upstream gradients other than 1
  }
  const int64_t count = static_cast<int64_t>(x.size());
  std::vector<Scalar> y(count), dx(count, 0);
  Backend& cpu = backend_for(Device::cpu);
  cpu.activation_forward(Activation::gelu, x.data(), y.data(), count);
  cpu.activation_backward(Activation::gelu, x.data(), y.data(), dy.data(), dx.data(), count);

  // Errors relative to max(1, |value|). Eigen's float erf is within 5.5 ulp of the true erf; with
  // the rounding of the products around it GELU stays within about 8 float ulp (1e-6). Measured:
  // 7.7e-7 for y and 1.9e-7 for dx, where the scalar formula in float is 4.4e-7 and 1.2e-7.
  double worst_y = 0, worst_dx = 0;
  for (int64_t i = 0; i < count; ++i) {
    const double exact_y = math::gelu<double>(x[i]);
    const double exact_dx = math::gelu_derivative<double>(x[i]) * dy[i];
    worst_y = std::max(worst_y, std::abs(y[i] - exact_y) / std::max(1.0, std::abs(exact_y)));
    worst_dx = std::max(worst_dx, std::abs(dx[i] - exact_dx) / std::max(1.0, std::abs(exact_dx)));
  }
  EXPECT_LE(worst_y, 1e-6);
  EXPECT_LE(worst_dx, 1e-6);
}

}  // namespace
}  // namespace simcse
