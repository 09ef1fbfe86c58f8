// reduction.cc — CpuBackend: sums to a scalar (in fixed-size blocks, combined in a fixed order, so
// the bits do not depend on the thread count), the sum of squares behind gradient clipping, and the
// masked mean over tokens (the `avg` pooler).
// Paper: §6.3 (average pooling is one of the poolers SimCSE compares)
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

void CpuBackend::sum_of_squares(const Scalar* x, int64_t count, Scalar* out) {
  out[0] = static_cast<Scalar>(blocked_sum(x, count, /*squares=*/true));
}

void CpuBackend::add_scalar_broadcast(const Scalar* dout, Scalar scale, Scalar* dx, int64_t count) {
  const Scalar value = dout[0] * scale;
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) dx[i] += value;
}

void CpuBackend::masked_mean_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                     int64_t hidden) {
#pragma omp parallel for schedule(static) if (batch * seq * hidden > kParallelThreshold)
  for (int64_t b = 0; b < batch; ++b) {
    Scalar tokens = 0;
    for (int64_t s = 0; s < seq; ++s) tokens += mask[b * seq + s];
    Scalar* y_row = y + b * hidden;
    for (int64_t h = 0; h < hidden; ++h) y_row[h] = 0;
    for (int64_t s = 0; s < seq; ++s) {
      const Scalar weight = mask[b * seq + s];
      const Scalar* x_row = x + (b * seq + s) * hidden;
      for (int64_t h = 0; h < hidden; ++h) y_row[h] += weight * x_row[h];
    }
    for (int64_t h = 0; h < hidden; ++h) y_row[h] /= tokens;
  }
}

void CpuBackend::masked_mean_backward(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch, int64_t seq,
                                      int64_t hidden) {
#pragma omp parallel for schedule(static) if (batch * seq * hidden > kParallelThreshold)
  for (int64_t b = 0; b < batch; ++b) {
    Scalar tokens = 0;
    for (int64_t s = 0; s < seq; ++s) tokens += mask[b * seq + s];
    for (int64_t s = 0; s < seq; ++s) {
      const Scalar weight = mask[b * seq + s] / tokens;
      for (int64_t h = 0; h < hidden; ++h) dx[(b * seq + s) * hidden + h] += weight * dy[b * hidden + h];
    }
  }
}

}  // namespace simcse
