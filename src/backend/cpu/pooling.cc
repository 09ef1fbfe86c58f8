// pooling.cc — CpuBackend: the masked mean over tokens (the `avg` poolers; divided by sqrt of the
// token count, sentence-transformers' mean_sqrt_len_tokens) and the masked max (max_tokens),
// forward and backward.
// Paper: §6.3 Ablation studies (average pooling is one of the poolers SimCSE compares)
#include <cmath>
#include <limits>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

namespace {

// n_b, or sqrt(n_b): what the masked sum of sentence b is divided by.
Scalar token_divisor(const Scalar* mask, int64_t b, int64_t seq, bool sqrt_length) {
  Scalar tokens = 0;
  for (int64_t s = 0; s < seq; ++s) tokens += mask[b * seq + s];
  return sqrt_length ? std::sqrt(tokens) : tokens;
}

// The first real token of sentence b whose x[b, s, h] is the largest, or -1 when there is none.
int64_t max_token(const Scalar* x, const Scalar* mask, int64_t b, int64_t h, int64_t seq, int64_t hidden) {
  int64_t best = -1;
  for (int64_t s = 0; s < seq; ++s) {
    if (mask[b * seq + s] == 0) continue;
    if (best < 0 || x[(b * seq + s) * hidden + h] > x[(b * seq + best) * hidden + h]) best = s;
  }
  return best;
}

}  // namespace

void CpuBackend::masked_mean_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                     int64_t hidden, bool sqrt_length) {
#pragma omp parallel for schedule(static) if (batch * seq * hidden > kParallelThreshold)
  for (int64_t b = 0; b < batch; ++b) {
    const Scalar divisor = token_divisor(mask, b, seq, sqrt_length);
    Scalar* y_row = y + b * hidden;
    for (int64_t h = 0; h < hidden; ++h) y_row[h] = 0;
    for (int64_t s = 0; s < seq; ++s) {
      const Scalar weight = mask[b * seq + s];
      const Scalar* x_row = x + (b * seq + s) * hidden;
      for (int64_t h = 0; h < hidden; ++h) y_row[h] += weight * x_row[h];
    }
    for (int64_t h = 0; h < hidden; ++h) y_row[h] /= divisor;
  }
}

void CpuBackend::masked_mean_backward(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch, int64_t seq,
                                      int64_t hidden, bool sqrt_length) {
#pragma omp parallel for schedule(static) if (batch * seq * hidden > kParallelThreshold)
  for (int64_t b = 0; b < batch; ++b) {
    const Scalar divisor = token_divisor(mask, b, seq, sqrt_length);
    for (int64_t s = 0; s < seq; ++s) {
      const Scalar weight = mask[b * seq + s] / divisor;
      for (int64_t h = 0; h < hidden; ++h) dx[(b * seq + s) * hidden + h] += weight * dy[b * hidden + h];
    }
  }
}

void CpuBackend::masked_max_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                    int64_t hidden) {
#pragma omp parallel for schedule(static) if (batch * seq * hidden > kParallelThreshold)
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t h = 0; h < hidden; ++h) {
      const int64_t s = max_token(x, mask, b, h, seq, hidden);
      // No real token: -inf, which the op's finite check reports (sentence-transformers gives -1e9).
      y[b * hidden + h] = s < 0 ? -std::numeric_limits<Scalar>::infinity() : x[(b * seq + s) * hidden + h];
    }
  }
}

void CpuBackend::masked_max_backward(const Scalar* x, const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch,
                                     int64_t seq, int64_t hidden) {
#pragma omp parallel for schedule(static) if (batch * seq * hidden > kParallelThreshold)
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t h = 0; h < hidden; ++h) {
      const int64_t s = max_token(x, mask, b, h, seq, hidden);
      if (s >= 0) dx[(b * seq + s) * hidden + h] += dy[b * hidden + h];
    }
  }
}

}  // namespace simcse
