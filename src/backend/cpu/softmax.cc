// softmax.cc — CpuBackend: masked softmax over the last axis (attention) and softmax cross-entropy
// with integer labels (the InfoNCE and MLM losses), each with its backward.
// Paper: §2 eq. (1) (InfoNCE is a cross-entropy over similarities); attention softmax is BERT's
#include <cmath>
#include <limits>
#include <vector>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

// BERT adds (1 - mask) * lowest_float to the scores before the softmax, so padding keys get
// probability exp(lowest - max) = 0. We add the same bias (not -inf), so even a row whose keys are
// all padding behaves exactly as in transformers (uniform), instead of dividing 0 by 0.
void CpuBackend::masked_softmax_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t rows,
                                        int64_t cols, int64_t mask_rows) {
  const Scalar lowest = std::numeric_limits<Scalar>::lowest();
  const int64_t rows_per_mask_row = mask ? rows / mask_rows : rows;
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* x_row = x + r * cols;
    const Scalar* mask_row = mask ? mask + (r / rows_per_mask_row) * cols : nullptr;
    Scalar* y_row = y + r * cols;
    Scalar row_max = lowest;
    for (int64_t c = 0; c < cols; ++c) {
      y_row[c] = mask_row ? x_row[c] + (Scalar(1) - mask_row[c]) * lowest : x_row[c];
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
void CpuBackend::softmax_backward(const Scalar* y, const Scalar* dy, Scalar* dx, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* y_row = y + r * cols;
    const Scalar* dy_row = dy + r * cols;
    double dot = 0;
    for (int64_t c = 0; c < cols; ++c) dot += static_cast<double>(dy_row[c]) * y_row[c];
    for (int64_t c = 0; c < cols; ++c) dx[r * cols + c] += static_cast<Scalar>(y_row[c] * (dy_row[c] - dot));
  }
}

// Per row: loss_r = logsumexp(z) - z[label] = -log softmax(z)[label]. Row losses are summed in row
// order after the parallel loop, so the total does not depend on the thread count.
void CpuBackend::cross_entropy_forward(const Scalar* logits, const int32_t* labels, Scalar* probs, Scalar* loss,
                                       int64_t rows, int64_t cols, Scalar inv_count) {
  std::vector<double> row_loss(static_cast<size_t>(rows), 0.0);
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* z = logits + r * cols;
    Scalar* p = probs + r * cols;
    Scalar row_max = z[0];
    for (int64_t c = 1; c < cols; ++c) row_max = std::max(row_max, z[c]);
    double total = 0;
    for (int64_t c = 0; c < cols; ++c) total += std::exp(static_cast<double>(z[c] - row_max));
    const double log_total = std::log(total);
    for (int64_t c = 0; c < cols; ++c) p[c] = static_cast<Scalar>(std::exp(z[c] - row_max - log_total));
    if (labels[r] >= 0) row_loss[r] = row_max + log_total - z[labels[r]];
  }
  double total_loss = 0;
  for (double value : row_loss) total_loss += value;
  loss[0] = static_cast<Scalar>(total_loss * inv_count);
}

// d loss / d z[r, c] = inv_count * (softmax(z)[c] - [c == label]) for rows that have a label.
void CpuBackend::cross_entropy_backward(const Scalar* probs, const int32_t* labels, const Scalar* dloss,
                                        Scalar* dlogits, int64_t rows, int64_t cols, Scalar inv_count) {
  const Scalar factor = dloss[0] * inv_count;
#pragma omp parallel for schedule(static) if (rows * cols > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    if (labels[r] < 0) continue;
    for (int64_t c = 0; c < cols; ++c) dlogits[r * cols + c] += factor * probs[r * cols + c];
    dlogits[r * cols + labels[r]] -= factor;
  }
}

}  // namespace simcse
