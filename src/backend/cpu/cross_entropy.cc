// cross_entropy.cc — CpuBackend: softmax cross-entropy with integer labels (InfoNCE over the
// similarity matrix, the MLM loss over the vocabulary), forward and backward. Labels < 0 (PyTorch's
// -100) mark rows that do not count.
// Paper: §2 Background, eq. (1) (InfoNCE is a cross-entropy whose classes are the in-batch sentences)
#include <algorithm>
#include <cmath>
#include <vector>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

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
