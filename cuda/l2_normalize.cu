// l2_normalize.cu — CudaBackend: y = x / max(||x||, eps) per row, as torch.nn.functional.normalize,
// and its backward. One warp per row (warp_reduce.cuh); the squared norm and the projection y . dy
// are warp sums in double, as on the CPU backend.
// Paper: §2 Background, eq. (1) (the cosine similarity of the InfoNCE loss is a dot product of
// L2-normalised embeddings)
#include <cmath>

#include "cuda/cuda_backend.h"
#include "cuda/warp_reduce.cuh"

namespace simcse {

using cuda::kWarpSize;
using cuda::lane_in_warp;
using cuda::warp_row;
using cuda::warp_sum;

namespace {

__global__ void l2_normalize_forward_kernel(const Scalar* x, Scalar* y, Scalar* norms, int64_t rows, int64_t cols,
                                            Scalar eps) {
  const int64_t row = warp_row();
  if (row >= rows) return;
  const int lane = lane_in_warp();
  const Scalar* x_row = x + row * cols;
  double squares = 0;
  for (int64_t c = lane; c < cols; c += kWarpSize) squares += static_cast<double>(x_row[c]) * x_row[c];
  const double norm = std::sqrt(warp_sum(squares));
  const double divisor = norm > eps ? norm : static_cast<double>(eps);
  for (int64_t c = lane; c < cols; c += kWarpSize) y[row * cols + c] = static_cast<Scalar>(x_row[c] / divisor);
  if (lane == 0) norms[row] = static_cast<Scalar>(norm);
}

// For norm > eps: dx += (dy - y (y . dy)) / ||x|| (the gradient loses its component along y:
// stretching x does not change its direction). Below eps the divisor is the constant eps: dx += dy / eps.
__global__ void l2_normalize_backward_kernel(const Scalar* y, const Scalar* norms, const Scalar* dy, Scalar* dx,
                                             int64_t rows, int64_t cols, Scalar eps) {
  const int64_t row = warp_row();
  if (row >= rows) return;
  const int lane = lane_in_warp();
  const Scalar* y_row = y + row * cols;
  const Scalar* dy_row = dy + row * cols;
  const bool clamped = !(norms[row] > eps);
  double projection = 0;
  if (!clamped) {  // the whole warp takes the same branch: one row
    for (int64_t c = lane; c < cols; c += kWarpSize) projection += static_cast<double>(y_row[c]) * dy_row[c];
    projection = warp_sum(projection);
  }
  const double divisor = clamped ? static_cast<double>(eps) : static_cast<double>(norms[row]);
  for (int64_t c = lane; c < cols; c += kWarpSize)
    dx[row * cols + c] += static_cast<Scalar>((dy_row[c] - y_row[c] * projection) / divisor);
}

}  // namespace

void CudaBackend::l2_normalize_forward(const Scalar* x, Scalar* y, Scalar* norms, int64_t rows, int64_t cols,
                                       Scalar eps) {
  SIMCSE_LAUNCH(l2_normalize_forward_kernel, cuda::blocks_for_rows(rows), cuda::kRowBlockThreads, x, y, norms, rows,
                cols, eps);
}

void CudaBackend::l2_normalize_backward(const Scalar* y, const Scalar* norms, const Scalar* dy, Scalar* dx,
                                        int64_t rows, int64_t cols, Scalar eps) {
  SIMCSE_LAUNCH(l2_normalize_backward_kernel, cuda::blocks_for_rows(rows), cuda::kRowBlockThreads, y, norms, dy, dx,
                rows, cols, eps);
}

}  // namespace simcse
