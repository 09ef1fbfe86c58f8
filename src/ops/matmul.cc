// matmul.cc — matmul and batched_matmul, forward and backward, both through Backend::gemm.
// For C = op(A) op(B):  d op(A) = dC op(B)^T  and  d op(B) = op(A)^T dC;
// an operand stored transposed receives the transpose of that. The backward GEMMs use beta = 1,
// adding into the gradient buffers as every backward kernel does.
// Paper: none (infrastructure; BERT's layers, §3)
#include "ops/matmul.h"

#include "ops/op_support.h"

namespace simcse {

namespace {

// `batch` row-major products C[i] (+)= op(A[i]) op(B[i]); C [m, n], op(A) [m, k], op(B) [k, n].
struct Operand {
  const Scalar* data;
  int64_t stride;  // elements between batch items
};

void gemm_batch(Backend& backend, bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, Operand a,
                Operand b, Scalar* c, int64_t stride_c, int64_t batch, Scalar beta) {
  GemmArgs args;
  args.transpose_a = transpose_a, args.transpose_b = transpose_b;
  args.m = m, args.n = n, args.k = k, args.beta = beta;
  args.batch = batch, args.stride_a = a.stride, args.stride_b = b.stride, args.stride_c = stride_c;
  backend.gemm(args, a.data, b.data, c);
}

// The op behind both matmul and batched_matmul: `batch` products op(A) op(B) forward, and the GEMMs
// that give dA and dB (this file's header) recorded for backward. The callers check the shapes.
Tensor gemm_op(const char* op, const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b, int64_t batch,
               int64_t m, int64_t n, int64_t k, const Shape& out_shape) {
  Tensor out = Tensor::empty(out_shape, a.device());
  const int64_t size_a = m * k, size_b = k * n, size_c = m * n;
  gemm_batch(backend_of(a), transpose_a, transpose_b, m, n, k, {a.data(), size_a}, {b.data(), size_b}, out.data(),
             size_c, batch, 0);

  record_op(out, op, {a, b}, [=](const Tensor& out) {
    Backend& backend = backend_of(out);
    const Operand dc{out.grad().data(), size_c}, a_op{a.data(), size_a}, b_op{b.data(), size_b};
    if (Scalar* da = grad_target(a)) {
      if (!transpose_a)  // dA = dC op(B)^T
        gemm_batch(backend, false, !transpose_b, m, k, n, dc, b_op, da, size_a, batch, 1);
      else  // dA = op(B) dC^T
        gemm_batch(backend, transpose_b, true, k, m, n, b_op, dc, da, size_a, batch, 1);
    }
    if (Scalar* db = grad_target(b)) {
      if (!transpose_b)  // dB = op(A)^T dC
        gemm_batch(backend, !transpose_a, false, k, n, m, a_op, dc, db, size_b, batch, 1);
      else  // dB = dC^T op(A)
        gemm_batch(backend, true, transpose_a, n, k, m, dc, a_op, db, size_b, batch, 1);
    }
  });
  return out;
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b) {
  check_same_device("matmul", {a, b});
  SIMCSE_CHECK(a.rank() >= 1 && b.rank() == 2, "matmul: a ", a.shape(), " must have rank >= 1 and b ", b.shape(),
               " rank 2");
  SIMCSE_CHECK(!transpose_a || a.rank() == 2, "matmul: transpose_a needs a 2-D a, got ", a.shape());
  const int64_t m = transpose_a ? a.dim(1) : a.shape().rows(), k = transpose_a ? a.dim(0) : a.dim(-1);
  const int64_t b_k = transpose_b ? b.dim(1) : b.dim(0), n = transpose_b ? b.dim(0) : b.dim(1);
  SIMCSE_CHECK(k == b_k, "matmul: inner dimensions differ: a ", a.shape(), (transpose_a ? " (transposed)" : ""),
               " times b ", b.shape(), (transpose_b ? " (transposed)" : ""), ": ", k, " vs ", b_k);
  std::vector<int64_t> out_dims = a.shape().dims();
  if (transpose_a) out_dims = {m, n};
  else out_dims.back() = n;
  return gemm_op("matmul", a, b, transpose_a, transpose_b, 1, m, n, k, Shape(out_dims));
}

Tensor batched_matmul(const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b) {
  check_same_device("batched_matmul", {a, b});
  SIMCSE_CHECK(a.rank() >= 3 && a.rank() == b.rank(), "batched_matmul: a ", a.shape(), " and b ", b.shape(),
               " need the same rank >= 3");
  int64_t batch = 1;
  for (int axis = 0; axis < a.rank() - 2; ++axis) {
    SIMCSE_CHECK(a.dim(axis) == b.dim(axis), "batched_matmul: leading dimensions differ: a ", a.shape(), " and b ",
                 b.shape());
    batch *= a.dim(axis);
  }
  const int64_t m = transpose_a ? a.dim(-1) : a.dim(-2), k = transpose_a ? a.dim(-2) : a.dim(-1);
  const int64_t b_k = transpose_b ? b.dim(-1) : b.dim(-2), n = transpose_b ? b.dim(-2) : b.dim(-1);
  SIMCSE_CHECK(k == b_k, "batched_matmul: inner dimensions differ: a ", a.shape(),
               (transpose_a ? " (transposed)" : ""), " times b ", b.shape(), (transpose_b ? " (transposed)" : ""),
               ": ", k, " vs ", b_k);
  std::vector<int64_t> out_dims = a.shape().dims();
  out_dims[a.rank() - 2] = m;
  out_dims[a.rank() - 1] = n;
  return gemm_op("batched_matmul", a, b, transpose_a, transpose_b, batch, m, n, k, Shape(out_dims));
}

}  // namespace simcse
