// pooling.cu — CudaBackend: the masked mean over tokens (the `avg` pooler; divided by sqrt of the
// token count for sentence-transformers' mean_sqrt_len_tokens) and the masked max (max_tokens),
// forward and backward. Forward has one thread per (sentence, hidden unit), walking the tokens in
// order, as the CPU loop does (a sentence has at most a few hundred tokens, and neighbouring
// threads read neighbouring hidden units). The mean's backward has one thread per element of the
// [batch, seq, hidden] gradient; the max's one per (sentence, hidden unit), which alone writes the
// one token it routes the gradient to.
// Paper: §6.3 Ablation studies (average pooling is one of the poolers SimCSE compares)
#include <cmath>
#include <limits>

#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

using cuda::global_thread_index;
using cuda::grid_thread_count;

namespace {

constexpr Scalar kInfinity = std::numeric_limits<Scalar>::infinity();

// n_b, or sqrt(n_b): what the masked sum of sentence b is divided by.
__device__ inline Scalar token_divisor(const Scalar* mask, int64_t b, int64_t seq, bool sqrt_length) {
  Scalar tokens = 0;
  for (int64_t s = 0; s < seq; ++s) tokens += mask[b * seq + s];
  return sqrt_length ? std::sqrt(tokens) : tokens;
}

// The first real token of sentence b whose x[b, s, h] is the largest, or -1 when there is none.
__device__ inline int64_t max_token(const Scalar* x, const Scalar* mask, int64_t b, int64_t h, int64_t seq,
                                    int64_t hidden) {
  int64_t best = -1;
  for (int64_t s = 0; s < seq; ++s) {
    if (mask[b * seq + s] == 0) continue;
    if (best < 0 || x[(b * seq + s) * hidden + h] > x[(b * seq + best) * hidden + h]) best = s;
  }
  return best;
}

// y[b, h] = sum_s mask[b, s] x[b, s, h] / n_b (or sqrt(n_b)).
__global__ void masked_mean_forward_kernel(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                           int64_t hidden, bool sqrt_length) {
  for (int64_t i = global_thread_index(); i < batch * hidden; i += grid_thread_count()) {
    const int64_t b = i / hidden, h = i % hidden;
    Scalar total = 0;
    for (int64_t s = 0; s < seq; ++s) total += mask[b * seq + s] * x[(b * seq + s) * hidden + h];
    y[i] = total / token_divisor(mask, b, seq, sqrt_length);
  }
}

// dx[b, s, h] += mask[b, s] / n_b (or sqrt(n_b)) * dy[b, h].
__global__ void masked_mean_backward_kernel(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch,
                                            int64_t seq, int64_t hidden, bool sqrt_length) {
  for (int64_t i = global_thread_index(); i < batch * seq * hidden; i += grid_thread_count()) {
    const int64_t b = i / (seq * hidden), s = i / hidden % seq, h = i % hidden;
    dx[i] += mask[b * seq + s] / token_divisor(mask, b, seq, sqrt_length) * dy[b * hidden + h];
  }
}

// y[b, h] = max over real tokens of x[b, s, h]; -inf without any (the op's finite check names it).
__global__ void masked_max_forward_kernel(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                          int64_t hidden) {
  for (int64_t i = global_thread_index(); i < batch * hidden; i += grid_thread_count()) {
    const int64_t b = i / hidden, h = i % hidden;
    const int64_t s = max_token(x, mask, b, h, seq, hidden);
    y[i] = s < 0 ? -kInfinity : x[(b * seq + s) * hidden + h];
  }
}

// dx[b, s*, h] += dy[b, h] at the token s* that forward took.
__global__ void masked_max_backward_kernel(const Scalar* x, const Scalar* mask, const Scalar* dy, Scalar* dx,
                                           int64_t batch, int64_t seq, int64_t hidden) {
  for (int64_t i = global_thread_index(); i < batch * hidden; i += grid_thread_count()) {
    const int64_t b = i / hidden, h = i % hidden;
    const int64_t s = max_token(x, mask, b, h, seq, hidden);
    if (s >= 0) dx[(b * seq + s) * hidden + h] += dy[i];
  }
}

}  // namespace

void CudaBackend::masked_mean_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                      int64_t hidden, bool sqrt_length) {
  SIMCSE_LAUNCH(masked_mean_forward_kernel, cuda::blocks_for(batch * hidden), cuda::kBlockThreads, x, mask, y, batch,
                seq, hidden, sqrt_length);
}

void CudaBackend::masked_mean_backward(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch, int64_t seq,
                                       int64_t hidden, bool sqrt_length) {
  SIMCSE_LAUNCH(masked_mean_backward_kernel, cuda::blocks_for(batch * seq * hidden), cuda::kBlockThreads, mask, dy,
                dx, batch, seq, hidden, sqrt_length);
}

void CudaBackend::masked_max_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                     int64_t hidden) {
  SIMCSE_LAUNCH(masked_max_forward_kernel, cuda::blocks_for(batch * hidden), cuda::kBlockThreads, x, mask, y, batch,
                seq, hidden);
}

void CudaBackend::masked_max_backward(const Scalar* x, const Scalar* mask, const Scalar* dy, Scalar* dx,
                                      int64_t batch, int64_t seq, int64_t hidden) {
  SIMCSE_LAUNCH(masked_max_backward_kernel, cuda::blocks_for(batch * hidden), cuda::kBlockThreads, x, mask, dy, dx,
                batch, seq, hidden);
}

}  // namespace simcse
