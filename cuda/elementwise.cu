// elementwise.cu — CudaBackend: add/sub/mul (b either the same shape as a or one row broadcast
// over a's rows, as a bias is), scale and axpy. One thread per element, in grid-stride loops:
// these kernels are limited by memory bandwidth, and neighbouring threads touching neighbouring
// elements is all they need. The gradient of a broadcast row sums over the rows, which is
// column_sum.cuh's job.
// Paper: none (infrastructure)
#include "cuda/column_sum.cuh"
#include "cuda/cuda_backend.h"

namespace simcse {

using cuda::global_thread_index;
using cuda::grid_thread_count;

namespace {

__global__ void binary_forward_kernel(BinaryOp op, const Scalar* a, const Scalar* b, Scalar* out, int64_t count,
                                      int64_t cols, bool b_is_row) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count()) {
    const Scalar b_value = b[b_is_row ? i % cols : i];
    switch (op) {
      case BinaryOp::add: out[i] = a[i] + b_value; break;
      case BinaryOp::sub: out[i] = a[i] - b_value; break;
      case BinaryOp::mul: out[i] = a[i] * b_value; break;
    }
  }
}

// d(a+b) = (1, 1), d(a-b) = (1, -1), d(a*b) = (b, a).
__global__ void binary_grad_a_kernel(BinaryOp op, const Scalar* b, const Scalar* dout, Scalar* da, int64_t count,
                                     int64_t cols, bool b_is_row) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count())
    da[i] += op == BinaryOp::mul ? dout[i] * b[b_is_row ? i % cols : i] : dout[i];
}

// dout * d(out)/db at element (row, col) of the [rows, cols] output.
struct BinaryGradB {
  BinaryOp op;
  const Scalar* a;
  const Scalar* dout;
  int64_t cols;
  __device__ double operator()(int64_t row, int64_t col) const {
    const int64_t i = row * cols + col;
    return op == BinaryOp::mul ? dout[i] * a[i] : op == BinaryOp::sub ? -dout[i] : dout[i];
  }
};

__global__ void binary_grad_b_kernel(BinaryGradB term, Scalar* db, int64_t count) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count())
    db[i] += static_cast<Scalar>(term(i / term.cols, i % term.cols));
}

__global__ void scale_kernel(const Scalar* x, Scalar alpha, Scalar* out, int64_t count) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count()) out[i] = alpha * x[i];
}

__global__ void axpy_kernel(Scalar alpha, const Scalar* x, Scalar* y, int64_t count) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count()) y[i] += alpha * x[i];
}

}  // namespace

void CudaBackend::binary_forward(BinaryOp op, const Scalar* a, const Scalar* b, Scalar* out, int64_t rows,
                                 int64_t cols, bool b_is_row) {
  const int64_t count = rows * cols;
  SIMCSE_LAUNCH(binary_forward_kernel, cuda::blocks_for(count), cuda::kBlockThreads, op, a, b, out, count, cols,
                b_is_row);
}

void CudaBackend::binary_backward(BinaryOp op, const Scalar* a, const Scalar* b, const Scalar* dout, Scalar* da,
                                  Scalar* db, int64_t rows, int64_t cols, bool b_is_row) {
  const int64_t count = rows * cols;
  if (da)
    SIMCSE_LAUNCH(binary_grad_a_kernel, cuda::blocks_for(count), cuda::kBlockThreads, op, b, dout, da, count, cols,
                  b_is_row);
  if (!db) return;
  const BinaryGradB term{op, a, dout, cols};
  if (b_is_row) {
    workspace_.reset();
    cuda::add_column_sums(workspace_, term, rows, cols, db);
  } else {
    SIMCSE_LAUNCH(binary_grad_b_kernel, cuda::blocks_for(count), cuda::kBlockThreads, term, db, count);
  }
}

void CudaBackend::scale(const Scalar* x, Scalar alpha, Scalar* out, int64_t count) {
  SIMCSE_LAUNCH(scale_kernel, cuda::blocks_for(count), cuda::kBlockThreads, x, alpha, out, count);
}

void CudaBackend::axpy(Scalar alpha, const Scalar* x, Scalar* y, int64_t count) {
  SIMCSE_LAUNCH(axpy_kernel, cuda::blocks_for(count), cuda::kBlockThreads, alpha, x, y, count);
}

}  // namespace simcse
