// embedding.cu — CudaBackend: the embedding gather and its scatter-add backward. Token ids arrive
// as host integers and are uploaded.
// The backward must add the gradient rows of every position where a token occurs into that token's
// table row. Atomic adds would do it in whatever order the threads happen to run, and float
// addition is not associative, so the result would change from run to run. Instead the host, which
// holds the ids anyway, groups the positions by token (a stable sort, so each token's positions stay
// in increasing order); then one thread per (distinct token, column) adds that token's rows in that
// order. No two threads write one value, and the additions happen in the CPU backend's order: the
// same bits.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include <algorithm>
#include <numeric>
#include <vector>

#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

using cuda::global_thread_index;
using cuda::grid_thread_count;

namespace {

__global__ void embedding_forward_kernel(const Scalar* table, const int32_t* ids, Scalar* out, int64_t count,
                                         int64_t hidden) {
  for (int64_t i = global_thread_index(); i < count * hidden; i += grid_thread_count())
    out[i] = table[static_cast<int64_t>(ids[i / hidden]) * hidden + i % hidden];
}

// Token tokens[t] occurs at positions[starts[t]] .. positions[starts[t + 1] - 1], in increasing order.
__global__ void embedding_backward_kernel(const int32_t* tokens, const int32_t* starts, const int32_t* positions,
                                          const Scalar* dout, Scalar* dtable, int64_t distinct, int64_t hidden) {
  for (int64_t i = global_thread_index(); i < distinct * hidden; i += grid_thread_count()) {
    const int64_t t = i / hidden, column = i % hidden;
    Scalar* target = dtable + static_cast<int64_t>(tokens[t]) * hidden + column;
    Scalar total = *target;
    for (int32_t p = starts[t]; p < starts[t + 1]; ++p)
      total += dout[static_cast<int64_t>(positions[p]) * hidden + column];
    *target = total;
  }
}

}  // namespace

void CudaBackend::embedding_forward(const Scalar* table, const int32_t* ids, Scalar* out, int64_t count,
                                    int64_t hidden) {
  workspace_.reset();
  const int32_t* device_ids = workspace_.upload(ids, count);
  SIMCSE_LAUNCH(embedding_forward_kernel, cuda::blocks_for(count * hidden), cuda::kBlockThreads, table, device_ids,
                out, count, hidden);
}

void CudaBackend::embedding_backward(const int32_t* ids, const Scalar* dout, Scalar* dtable, int64_t count,
                                     int64_t hidden) {
  std::vector<int32_t> positions(static_cast<size_t>(count));
  std::iota(positions.begin(), positions.end(), 0);
  std::stable_sort(positions.begin(), positions.end(), [ids](int32_t a, int32_t b) { return ids[a] < ids[b]; });
  std::vector<int32_t> tokens, starts;
  for (int64_t p = 0; p < count; ++p) {
    const int32_t token = ids[positions[static_cast<size_t>(p)]];
    if (tokens.empty() || tokens.back() != token) {
      tokens.push_back(token);
      starts.push_back(static_cast<int32_t>(p));
    }
  }
  starts.push_back(static_cast<int32_t>(count));
  const int64_t distinct = static_cast<int64_t>(tokens.size());
  workspace_.reset();
  const int32_t* device_tokens = workspace_.upload(tokens.data(), distinct);
  const int32_t* device_starts = workspace_.upload(starts.data(), distinct + 1);
  const int32_t* device_positions = workspace_.upload(positions.data(), count);
  SIMCSE_LAUNCH(embedding_backward_kernel, cuda::blocks_for(distinct * hidden), cuda::kBlockThreads, device_tokens,
                device_starts, device_positions, dout, dtable, distinct, hidden);
}

}  // namespace simcse
