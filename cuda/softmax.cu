// softmax.cu — CudaBackend: the masked softmax over the last axis (attention probabilities) and its
// backward. One warp per row (warp_reduce.cuh): an attention row has 32 keys at SimCSE's maximum
// length, one per lane. The row maximum is subtracted before exp so nothing overflows; the sum of
// exponentials is kept in double, as on the CPU backend.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include <cmath>
#include <limits>

#include "cuda/cuda_backend.h"
#include "cuda/warp_reduce.cuh"

namespace simcse {

using cuda::kWarpSize;
using cuda::lane_in_warp;
using cuda::warp_row;
using cuda::warp_sum;

namespace {

constexpr Scalar kLowest = std::numeric_limits<Scalar>::lowest();

// BERT adds (1 - mask) * lowest_float to the scores of padding keys, so they get probability
// exp(lowest - max) = 0. The same bias (not -inf) makes a row of only padding uniform, exactly as in
// transformers, instead of dividing 0 by 0. A decoder's causal mask (keys after the query) is
// multiplied into the padding mask first, so a key masked twice is biased once.
__device__ inline Scalar biased_score(const Scalar* x_row, const Scalar* mask_row, int64_t col, bool future) {
  if (!mask_row && !future) return x_row[col];
  const Scalar keep = (mask_row ? mask_row[col] : Scalar(1)) * (future ? Scalar(0) : Scalar(1));
  return x_row[col] + (Scalar(1) - keep) * kLowest;
}

// Row r of x uses mask row r / rows_per_mask_row (one mask row serves every head and query).
__global__ void masked_softmax_forward_kernel(const Scalar* x, const Scalar* mask, Scalar* y, int64_t rows,
                                              int64_t cols, int64_t rows_per_mask_row, bool causal) {
  const int64_t row = warp_row();
  if (row >= rows) return;
  const int lane = lane_in_warp();
  const Scalar* x_row = x + row * cols;
  const Scalar* mask_row = mask ? mask + (row / rows_per_mask_row) * cols : nullptr;
  const int64_t query = row % cols;  // causal: the position this row attends from
  Scalar* y_row = y + row * cols;
  Scalar row_max = kLowest;
  for (int64_t c = lane; c < cols; c += kWarpSize) {
    const Scalar score = biased_score(x_row, mask_row, c, causal && c > query);
    row_max = score > row_max ? score : row_max;
  }
  row_max = cuda::warp_max(row_max);
  double total = 0;
  for (int64_t c = lane; c < cols; c += kWarpSize) {
    y_row[c] = std::exp(biased_score(x_row, mask_row, c, causal && c > query) - row_max);
    total += y_row[c];
  }
  const Scalar inverse = static_cast<Scalar>(1.0 / warp_sum(total));
  for (int64_t c = lane; c < cols; c += kWarpSize) y_row[c] *= inverse;
}

// dx += y * (dy - sum_c dy_c y_c): the softmax Jacobian diag(y) - y y^T applied to dy.
__global__ void masked_softmax_backward_kernel(const Scalar* y, const Scalar* dy, Scalar* dx, int64_t rows,
                                               int64_t cols) {
  const int64_t row = warp_row();
  if (row >= rows) return;
  const int lane = lane_in_warp();
  const Scalar* y_row = y + row * cols;
  const Scalar* dy_row = dy + row * cols;
  double dot = 0;
  for (int64_t c = lane; c < cols; c += kWarpSize) dot += static_cast<double>(dy_row[c]) * y_row[c];
  dot = warp_sum(dot);
  for (int64_t c = lane; c < cols; c += kWarpSize)
    dx[row * cols + c] += static_cast<Scalar>(y_row[c] * (dy_row[c] - dot));
}

}  // namespace

void CudaBackend::masked_softmax_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t rows, int64_t cols,
                                         int64_t mask_rows, bool causal) {
  const int64_t rows_per_mask_row = mask ? rows / mask_rows : rows;
  SIMCSE_LAUNCH(masked_softmax_forward_kernel, cuda::blocks_for_rows(rows), cuda::kRowBlockThreads, x, mask, y, rows,
                cols, rows_per_mask_row, causal);
}

void CudaBackend::masked_softmax_backward(const Scalar* y, const Scalar* dy, Scalar* dx, int64_t rows,
                                          int64_t cols) {
  SIMCSE_LAUNCH(masked_softmax_backward_kernel, cuda::blocks_for_rows(rows), cuda::kRowBlockThreads, y, dy, dx, rows,
                cols);
}

}  // namespace simcse
