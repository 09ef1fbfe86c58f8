// layer_norm.cc — CpuBackend: LayerNorm over rows, forward and backward. Row statistics are
// accumulated in double: cheap next to the GEMMs, and closer to exact than PyTorch's float
// accumulation, so parity is limited by PyTorch's rounding, not ours.
// Paper: none (BERT normalises after every residual add; SimCSE uses BERT unchanged, §3)
#include <cmath>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

void CpuBackend::layer_norm_forward(const Scalar* x, const Scalar* gamma, const Scalar* beta, Scalar* y,
                                    Scalar* mean, Scalar* rstd, int64_t rows, int64_t cols, Scalar eps) {
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* x_row = x + r * cols;
    double total = 0;
    for (int64_t c = 0; c < cols; ++c) total += x_row[c];
    const double row_mean = total / cols;
    double squares = 0;  // two passes: the variance of centred values does not cancel catastrophically
    for (int64_t c = 0; c < cols; ++c) squares += (x_row[c] - row_mean) * (x_row[c] - row_mean);
    const double row_rstd = 1.0 / std::sqrt(squares / cols + eps);  // biased variance, as PyTorch
    for (int64_t c = 0; c < cols; ++c)
      y[r * cols + c] = static_cast<Scalar>((x_row[c] - row_mean) * row_rstd) * gamma[c] + beta[c];
    mean[r] = static_cast<Scalar>(row_mean);
    rstd[r] = static_cast<Scalar>(row_rstd);
  }
}

// With xhat = (x - mean) * rstd and g = dy * gamma, per row of N columns:
//   dx = rstd * (g - mean(g) - xhat * mean(g * xhat))      (derivation in docs, chapter 1)
//   dgamma += sum over rows of dy * xhat,  dbeta += sum over rows of dy.
void CpuBackend::layer_norm_backward(const Scalar* x, const Scalar* gamma, const Scalar* mean, const Scalar* rstd,
                                     const Scalar* dy, Scalar* dx, Scalar* dgamma, Scalar* dbeta, int64_t rows,
                                     int64_t cols) {
  const bool parallel = rows * cols > kParallelThreshold;
  if (dx) {
#pragma omp parallel for schedule(static) if (parallel)
    for (int64_t r = 0; r < rows; ++r) {
      const Scalar* x_row = x + r * cols;
      const Scalar* dy_row = dy + r * cols;
      double g_total = 0, g_xhat_total = 0;
      for (int64_t c = 0; c < cols; ++c) {
        double xhat = (x_row[c] - mean[r]) * static_cast<double>(rstd[r]);
        double g = static_cast<double>(dy_row[c]) * gamma[c];
        g_total += g;
        g_xhat_total += g * xhat;
      }
      const double g_mean = g_total / cols, g_xhat_mean = g_xhat_total / cols;
      for (int64_t c = 0; c < cols; ++c) {
        double xhat = (x_row[c] - mean[r]) * static_cast<double>(rstd[r]);
        double g = static_cast<double>(dy_row[c]) * gamma[c];
        dx[r * cols + c] += static_cast<Scalar>(rstd[r] * (g - g_mean - xhat * g_xhat_mean));
      }
    }
  }
  if (!dgamma && !dbeta) return;
#pragma omp parallel for schedule(static) if (parallel)
  for (int64_t c = 0; c < cols; ++c) {  // each thread owns columns; rows summed in order
    double gamma_total = 0, beta_total = 0;
    for (int64_t r = 0; r < rows; ++r) {
      double xhat = (x[r * cols + c] - mean[r]) * static_cast<double>(rstd[r]);
      gamma_total += dy[r * cols + c] * xhat;
      beta_total += dy[r * cols + c];
    }
    if (dgamma) dgamma[c] += static_cast<Scalar>(gamma_total);
    if (dbeta) dbeta[c] += static_cast<Scalar>(beta_total);
  }
}

}  // namespace simcse
