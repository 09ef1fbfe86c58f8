// pooling.cu — CudaBackend: the masked mean over tokens (the `avg` pooler), forward and backward.
// Forward has one thread per (sentence, hidden unit), walking the tokens in order, as the CPU loop
// does (a sentence has at most a few hundred tokens, and neighbouring threads read neighbouring
// hidden units). Backward has one thread per element of the [batch, seq, hidden] gradient.
// Paper: §6.3 Ablation studies (average pooling is one of the poolers SimCSE compares)
#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

using cuda::global_thread_index;
using cuda::grid_thread_count;

namespace {

__device__ inline Scalar token_count(const Scalar* mask, int64_t b, int64_t seq) {
  Scalar tokens = 0;
  for (int64_t s = 0; s < seq; ++s) tokens += mask[b * seq + s];
  return tokens;
}

// y[b, h] = sum_s mask[b, s] x[b, s, h] / sum_s mask[b, s].
__global__ void masked_mean_forward_kernel(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                           int64_t hidden) {
  for (int64_t i = global_thread_index(); i < batch * hidden; i += grid_thread_count()) {
    const int64_t b = i / hidden, h = i % hidden;
    Scalar total = 0;
    for (int64_t s = 0; s < seq; ++s) total += mask[b * seq + s] * x[(b * seq + s) * hidden + h];
    y[i] = total / token_count(mask, b, seq);
  }
}

// dx[b, s, h] += mask[b, s] / tokens(b) * dy[b, h].
__global__ void masked_mean_backward_kernel(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch,
                                            int64_t seq, int64_t hidden) {
  for (int64_t i = global_thread_index(); i < batch * seq * hidden; i += grid_thread_count()) {
    const int64_t b = i / (seq * hidden), s = i / hidden % seq, h = i % hidden;
    dx[i] += mask[b * seq + s] / token_count(mask, b, seq) * dy[b * hidden + h];
  }
}

}  // namespace

void CudaBackend::masked_mean_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                                      int64_t hidden) {
  SIMCSE_LAUNCH(masked_mean_forward_kernel, cuda::blocks_for(batch * hidden), cuda::kBlockThreads, x, mask, y, batch,
                seq, hidden);
}

void CudaBackend::masked_mean_backward(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch, int64_t seq,
                                       int64_t hidden) {
  SIMCSE_LAUNCH(masked_mean_backward_kernel, cuda::blocks_for(batch * seq * hidden), cuda::kBlockThreads, mask, dy,
                dx, batch, seq, hidden);
}

}  // namespace simcse
