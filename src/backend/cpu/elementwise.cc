// elementwise.cc — CpuBackend: add/sub/mul with a broadcast bias row, scale and axpy. Each
// backward sits right after its forward.
// Paper: none (infrastructure)
#include "backend/cpu/cpu_backend.h"

namespace simcse {

void CpuBackend::binary_forward(BinaryOp op, const Scalar* a, const Scalar* b, Scalar* out, int64_t rows,
                                int64_t cols, bool b_is_row) {
  const int64_t count = rows * cols;
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t r = 0; r < rows; ++r) {
    const Scalar* a_row = a + r * cols;
    const Scalar* b_row = b_is_row ? b : b + r * cols;
    Scalar* out_row = out + r * cols;
    switch (op) {
      case BinaryOp::add: for (int64_t c = 0; c < cols; ++c) out_row[c] = a_row[c] + b_row[c]; break;
      case BinaryOp::sub: for (int64_t c = 0; c < cols; ++c) out_row[c] = a_row[c] - b_row[c]; break;
      case BinaryOp::mul: for (int64_t c = 0; c < cols; ++c) out_row[c] = a_row[c] * b_row[c]; break;
    }
  }
}

// d(a+b) = (1, 1), d(a-b) = (1, -1), d(a*b) = (b, a). For a broadcast row b, db sums over rows;
// each thread owns a range of columns and walks the rows in order, so the sum is deterministic.
void CpuBackend::binary_backward(BinaryOp op, const Scalar* a, const Scalar* b, const Scalar* dout, Scalar* da,
                                 Scalar* db, int64_t rows, int64_t cols, bool b_is_row) {
  const int64_t count = rows * cols;
  if (da) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
    for (int64_t r = 0; r < rows; ++r) {
      const Scalar* b_row = b_is_row ? b : b + r * cols;
      for (int64_t c = 0; c < cols; ++c)
        da[r * cols + c] += op == BinaryOp::mul ? dout[r * cols + c] * b_row[c] : dout[r * cols + c];
    }
  }
  if (!db) return;
  const Scalar sign = op == BinaryOp::sub ? Scalar(-1) : Scalar(1);
  auto db_term = [&](int64_t i) { return op == BinaryOp::mul ? dout[i] * a[i] : sign * dout[i]; };
  if (!b_is_row) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
    for (int64_t i = 0; i < count; ++i) db[i] += db_term(i);
    return;
  }
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t c = 0; c < cols; ++c) {
    Scalar total = 0;
    for (int64_t r = 0; r < rows; ++r) total += db_term(r * cols + c);
    db[c] += total;
  }
}

void CpuBackend::scale(const Scalar* x, Scalar alpha, Scalar* out, int64_t count) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) out[i] = alpha * x[i];
}

void CpuBackend::axpy(Scalar alpha, const Scalar* x, Scalar* y, int64_t count) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) y[i] += alpha * x[i];
}

}  // namespace simcse
