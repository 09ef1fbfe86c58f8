// l2_normalize.cc — CpuBackend: y = x / max(||x||, eps) per row, as torch.nn.functional.normalize,
// and its backward. The squared norm and the projection y . dy are summed in double.
// Paper: §2 Background, eq. (1) (the cosine similarity is a dot product of L2-normalised rows)
#include <cmath>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

// y = x / max(||x||, eps), as torch.nn.functional.normalize.
void CpuBackend::l2_normalize_forward(const Scalar* x, Scalar* y, Scalar* norms, int64_t rows, int64_t cols,
                                      Scalar eps) {
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    double squares = 0;
    for (int64_t c = 0; c < cols; ++c) squares += static_cast<double>(x[r * cols + c]) * x[r * cols + c];
    const double norm = std::sqrt(squares);
    const double divisor = norm > eps ? norm : static_cast<double>(eps);
    for (int64_t c = 0; c < cols; ++c) y[r * cols + c] = static_cast<Scalar>(x[r * cols + c] / divisor);
    norms[r] = static_cast<Scalar>(norm);
  }
}

// For norm > eps, y = x / ||x|| and dx = (dy - y (y . dy)) / ||x||: the gradient loses its component
// along y, because stretching x does not change its direction. Below eps the divisor is the
// constant eps and dx = dy / eps.
void CpuBackend::l2_normalize_backward(const Scalar* y, const Scalar* norms, const Scalar* dy, Scalar* dx,
                                       int64_t rows, int64_t cols, Scalar eps) {
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* y_row = y + r * cols;
    const Scalar* dy_row = dy + r * cols;
    const bool clamped = !(norms[r] > eps);
    double projection = 0;
    if (!clamped)
      for (int64_t c = 0; c < cols; ++c) projection += static_cast<double>(y_row[c]) * dy_row[c];
    const double divisor = clamped ? static_cast<double>(eps) : static_cast<double>(norms[r]);
    for (int64_t c = 0; c < cols; ++c)
      dx[r * cols + c] += static_cast<Scalar>((dy_row[c] - y_row[c] * projection) / divisor);
  }
}

}  // namespace simcse
