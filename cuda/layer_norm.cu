// layer_norm.cu — CudaBackend: LayerNorm over the last axis, forward and backward. One warp per
// row (warp_reduce.cuh): the mean, the variance of the centred values (two passes, as the CPU
// backend: no catastrophic cancellation) and the backward's two row sums are warp sums, kept in
// double like the CPU backend's row statistics. gamma's and beta's gradients sum over rows, which
// is column_sum.cuh's deterministic two-step sum.
// Paper: none (BERT normalises after every residual add; SimCSE uses BERT unchanged, §3)
#include <cmath>

#include "cuda/column_sum.cuh"
#include "cuda/cuda_backend.h"
#include "cuda/warp_reduce.cuh"

namespace simcse {

using cuda::kWarpSize;
using cuda::lane_in_warp;
using cuda::warp_row;
using cuda::warp_sum;

namespace {

// y = (x - mean) * rstd * gamma + beta, rstd = 1 / sqrt(biased variance + eps), as PyTorch.
__global__ void layer_norm_forward_kernel(const Scalar* x, const Scalar* gamma, const Scalar* beta, Scalar* y,
                                          Scalar* mean, Scalar* rstd, int64_t rows, int64_t cols, Scalar eps) {
  const int64_t row = warp_row();
  if (row >= rows) return;
  const int lane = lane_in_warp();
  const Scalar* x_row = x + row * cols;
  double total = 0;
  for (int64_t c = lane; c < cols; c += kWarpSize) total += x_row[c];
  const double row_mean = warp_sum(total) / cols;
  double squares = 0;
  for (int64_t c = lane; c < cols; c += kWarpSize) squares += (x_row[c] - row_mean) * (x_row[c] - row_mean);
  const double row_rstd = 1.0 / std::sqrt(warp_sum(squares) / cols + eps);
  for (int64_t c = lane; c < cols; c += kWarpSize)
    y[row * cols + c] = static_cast<Scalar>((x_row[c] - row_mean) * row_rstd) * gamma[c] + beta[c];
  if (lane == 0) {
    mean[row] = static_cast<Scalar>(row_mean);
    rstd[row] = static_cast<Scalar>(row_rstd);
  }
}

// With xhat = (x - mean) * rstd and g = dy * gamma, per row of N columns:
//   dx += rstd * (g - mean(g) - xhat * mean(g * xhat))      (derivation in docs, chapter 1)
__global__ void layer_norm_dx_kernel(const Scalar* x, const Scalar* gamma, const Scalar* mean, const Scalar* rstd,
                                     const Scalar* dy, Scalar* dx, int64_t rows, int64_t cols) {
  const int64_t row = warp_row();
  if (row >= rows) return;
  const int lane = lane_in_warp();
  const Scalar* x_row = x + row * cols;
  const Scalar* dy_row = dy + row * cols;
  double g_total = 0, g_xhat_total = 0;
  for (int64_t c = lane; c < cols; c += kWarpSize) {
    const double xhat = (x_row[c] - mean[row]) * static_cast<double>(rstd[row]);
    const double g = static_cast<double>(dy_row[c]) * gamma[c];
    g_total += g;
    g_xhat_total += g * xhat;
  }
  const double g_mean = warp_sum(g_total) / cols, g_xhat_mean = warp_sum(g_xhat_total) / cols;
  for (int64_t c = lane; c < cols; c += kWarpSize) {
    const double xhat = (x_row[c] - mean[row]) * static_cast<double>(rstd[row]);
    const double g = static_cast<double>(dy_row[c]) * gamma[c];
    dx[row * cols + c] += static_cast<Scalar>(rstd[row] * (g - g_mean - xhat * g_xhat_mean));
  }
}

// dgamma += sum over rows of dy * xhat; dbeta += sum over rows of dy.
struct GammaGradient {
  const Scalar *x, *mean, *rstd, *dy;
  int64_t cols;
  __device__ double operator()(int64_t row, int64_t col) const {
    const double xhat = (x[row * cols + col] - mean[row]) * static_cast<double>(rstd[row]);
    return dy[row * cols + col] * xhat;
  }
};

struct BetaGradient {
  const Scalar* dy;
  int64_t cols;
  __device__ double operator()(int64_t row, int64_t col) const { return dy[row * cols + col]; }
};

}  // namespace

void CudaBackend::layer_norm_forward(const Scalar* x, const Scalar* gamma, const Scalar* beta, Scalar* y,
                                     Scalar* mean, Scalar* rstd, int64_t rows, int64_t cols, Scalar eps) {
  SIMCSE_LAUNCH(layer_norm_forward_kernel, cuda::blocks_for_rows(rows), cuda::kRowBlockThreads, x, gamma, beta, y,
                mean, rstd, rows, cols, eps);
}

void CudaBackend::layer_norm_backward(const Scalar* x, const Scalar* gamma, const Scalar* mean, const Scalar* rstd,
                                      const Scalar* dy, Scalar* dx, Scalar* dgamma, Scalar* dbeta, int64_t rows,
                                      int64_t cols) {
  if (dx)
    SIMCSE_LAUNCH(layer_norm_dx_kernel, cuda::blocks_for_rows(rows), cuda::kRowBlockThreads, x, gamma, mean, rstd,
                  dy, dx, rows, cols);
  workspace_.reset();
  if (dgamma) cuda::add_column_sums(workspace_, GammaGradient{x, mean, rstd, dy, cols}, rows, cols, dgamma);
  if (dbeta) cuda::add_column_sums(workspace_, BetaGradient{dy, cols}, rows, cols, dbeta);
}

}  // namespace simcse
