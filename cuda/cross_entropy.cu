// cross_entropy.cu — CudaBackend: softmax cross-entropy with integer labels (the InfoNCE loss over
// the similarity matrix, the MLM loss over the vocabulary), forward and backward. Forward: one warp
// per row computes logsumexp, the probabilities (kept for backward) and the row's loss; the row
// losses are then added in row order by one block (fixed_order_sum.h), so the loss has the same bits
// on every run. Labels arrive as host integers and are uploaded; a label < 0 (PyTorch's -100) marks
// a row that does not count.
// Paper: §2 Background, eq. (1) (InfoNCE is a cross-entropy whose classes are the in-batch sentences)
#include <cmath>

#include "cuda/cuda_backend.h"
#include "cuda/fixed_order_sum.h"
#include "cuda/warp_reduce.cuh"

namespace simcse {

using cuda::kWarpSize;
using cuda::lane_in_warp;
using cuda::warp_row;
using cuda::warp_sum;

namespace {

// loss_r = logsumexp(z) - z[label] = -log softmax(z)[label]; probs = softmax(z).
__global__ void cross_entropy_forward_kernel(const Scalar* logits, const int32_t* labels, Scalar* probs,
                                             double* row_losses, int64_t rows, int64_t cols) {
  const int64_t row = warp_row();
  if (row >= rows) return;
  const int lane = lane_in_warp();
  const Scalar* z = logits + row * cols;
  Scalar row_max = z[0];
  for (int64_t c = lane; c < cols; c += kWarpSize) row_max = z[c] > row_max ? z[c] : row_max;
  row_max = cuda::warp_max(row_max);
  double total = 0;
  for (int64_t c = lane; c < cols; c += kWarpSize) total += std::exp(static_cast<double>(z[c] - row_max));
  const double log_total = std::log(warp_sum(total));
  for (int64_t c = lane; c < cols; c += kWarpSize)
    probs[row * cols + c] = static_cast<Scalar>(std::exp(z[c] - row_max - log_total));
  if (lane == 0) row_losses[row] = labels[row] >= 0 ? row_max + log_total - z[labels[row]] : 0.0;
}

// dlogits[r, c] += dloss * inv_count * (probs[r, c] - [c == label]) on rows that have a label.
__global__ void cross_entropy_backward_kernel(const Scalar* probs, const int32_t* labels, const Scalar* dloss,
                                              Scalar* dlogits, int64_t rows, int64_t cols, Scalar inv_count) {
  const Scalar factor = dloss[0] * inv_count;
  for (int64_t i = cuda::global_thread_index(); i < rows * cols; i += cuda::grid_thread_count()) {
    const int32_t label = labels[i / cols];
    if (label < 0) continue;
    dlogits[i] += factor * probs[i];
    if (i % cols == label) dlogits[i] -= factor;
  }
}

}  // namespace

void CudaBackend::cross_entropy_forward(const Scalar* logits, const int32_t* labels, Scalar* probs, Scalar* loss,
                                        int64_t rows, int64_t cols, Scalar inv_count) {
  workspace_.reset();
  const int32_t* device_labels = workspace_.upload(labels, rows);
  double* row_losses = workspace_.take<double>(rows);
  SIMCSE_LAUNCH(cross_entropy_forward_kernel, cuda::blocks_for_rows(rows), cuda::kRowBlockThreads, logits,
                device_labels, probs, row_losses, rows, cols);
  cuda::add_up(row_losses, rows, inv_count, loss);
}

void CudaBackend::cross_entropy_backward(const Scalar* probs, const int32_t* labels, const Scalar* dloss,
                                         Scalar* dlogits, int64_t rows, int64_t cols, Scalar inv_count) {
  workspace_.reset();
  const int32_t* device_labels = workspace_.upload(labels, rows);
  SIMCSE_LAUNCH(cross_entropy_backward_kernel, cuda::blocks_for(rows * cols), cuda::kBlockThreads, probs,
                device_labels, dloss, dlogits, rows, cols, inv_count);
}

}  // namespace simcse
