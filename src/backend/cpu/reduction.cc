// reduction.cc — CpuBackend: sums to a scalar (sum and mean; in fixed-size blocks, combined in a
// fixed order, so the bits do not depend on the thread count), their broadcast backward, and the sum
// of squares behind gradient clipping.
// Paper: none (infrastructure)
#include <algorithm>
#include <vector>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

namespace {

// The sum of x_i (or of x_i^2), in double, over blocks of 4096 values that are then added in order.
double blocked_sum(const Scalar* x, int64_t count, bool squares) {
  constexpr int64_t kBlock = 4096;
  const int64_t blocks = (count + kBlock - 1) / kBlock;
  std::vector<double> partial(static_cast<size_t>(blocks), 0.0);
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t b = 0; b < blocks; ++b) {
    double total = 0;
    for (int64_t i = b * kBlock; i < std::min(count, (b + 1) * kBlock); ++i)
      total += squares ? static_cast<double>(x[i]) * x[i] : x[i];
    partial[b] = total;
  }
  double total = 0;
  for (double value : partial) total += value;
  return total;
}

}  // namespace

void CpuBackend::sum(const Scalar* x, int64_t count, Scalar scale, Scalar* out) {
  out[0] = static_cast<Scalar>(blocked_sum(x, count, /*squares=*/false) * scale);
}

void CpuBackend::add_scalar_broadcast(const Scalar* dout, Scalar scale, Scalar* dx, int64_t count) {
  const Scalar value = dout[0] * scale;
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) dx[i] += value;
}

void CpuBackend::sum_of_squares(const Scalar* x, int64_t count, Scalar* out) {
  out[0] = static_cast<Scalar>(blocked_sum(x, count, /*squares=*/true));
}

}  // namespace simcse
