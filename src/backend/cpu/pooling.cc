// pooling.cc — CpuBackend: the masked mean over tokens (the `avg` poolers), forward and backward.
// Paper: §6.3 Ablation studies (average pooling is one of the poolers SimCSE compares)
#include "backend/cpu/cpu_backend.h"

namespace simcse {

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
