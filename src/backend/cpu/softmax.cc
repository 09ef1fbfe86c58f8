// softmax.cc — CpuBackend: the masked softmax over the last axis (attention probabilities) and its
// backward, which needs only the output.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include <algorithm>
#include <cmath>
#include <limits>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

// BERT adds (1 - mask) * lowest_float to the scores before the softmax, so padding keys get
// probability exp(lowest - max) = 0. We add the same bias (not -inf), so even a row whose keys are
// all padding behaves exactly as in transformers (uniform), instead of dividing 0 by 0. A decoder's
// causal mask is multiplied into the padding mask first, as transformers combines them: a key that
// is both padding and in the future is biased once.
void CpuBackend::masked_softmax_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t rows,
                                        int64_t cols, int64_t mask_rows, bool causal) {
  const Scalar lowest = std::numeric_limits<Scalar>::lowest();
  const int64_t rows_per_mask_row = mask ? rows / mask_rows : rows;
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* x_row = x + r * cols;
    const Scalar* mask_row = mask ? mask + (r / rows_per_mask_row) * cols : nullptr;
    const int64_t query = r % cols;  // causal: the position this row attends from
    Scalar* y_row = y + r * cols;
    Scalar row_max = lowest;
    for (int64_t c = 0; c < cols; ++c) {
      const Scalar keep = (mask_row ? mask_row[c] : Scalar(1)) * (causal && c > query ? Scalar(0) : Scalar(1));
      y_row[c] = mask_row || causal ? x_row[c] + (Scalar(1) - keep) * lowest : x_row[c];
      row_max = std::max(row_max, y_row[c]);
    }
    double total = 0;
    for (int64_t c = 0; c < cols; ++c) {
      y_row[c] = std::exp(y_row[c] - row_max);
      total += y_row[c];
    }
    const Scalar inverse = static_cast<Scalar>(1.0 / total);
    for (int64_t c = 0; c < cols; ++c) y_row[c] *= inverse;
  }
}

// dx = y * (dy - sum_c dy_c y_c): the softmax Jacobian diag(y) - y y^T applied to dy.
void CpuBackend::masked_softmax_backward(const Scalar* y, const Scalar* dy, Scalar* dx, int64_t rows,
                                         int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* y_row = y + r * cols;
    const Scalar* dy_row = dy + r * cols;
    double dot = 0;
    for (int64_t c = 0; c < cols; ++c) dot += static_cast<double>(dy_row[c]) * y_row[c];
    for (int64_t c = 0; c < cols; ++c) dx[r * cols + c] += static_cast<Scalar>(y_row[c] * (dy_row[c] - dot));
  }
}

}  // namespace simcse
