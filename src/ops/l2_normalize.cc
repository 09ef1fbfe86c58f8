// l2_normalize.cc — l2_normalize (an op with its own backward) and cosine_matrix, which is composed
// of ops: normalise both sides, then one matmul against the transpose. Its gradient is therefore
// the chain of theirs, with nothing new to get wrong.
// Paper: §2 Background, eq. (1)
#include "ops/l2_normalize.h"

#include "ops/matmul.h"
#include "ops/op_support.h"

namespace simcse {

Tensor l2_normalize(const Tensor& x, Scalar eps) {
  SIMCSE_CHECK(x.rank() >= 1, "l2_normalize: x must have at least one axis, got ", x.shape());
  const int64_t rows = x.shape().rows(), cols = x.dim(-1);
  Tensor out = Tensor::empty(x.shape(), x.device());
  Tensor norms = Tensor::empty({rows}, x.device());  // [rows], ||x_r|| before clamping
  backend_of(x).l2_normalize_forward(x.data(), out.data(), norms.data(), rows, cols, eps);
  record_op(out, "l2_normalize", {x}, [=](const Tensor& out) {
    backend_of(out).l2_normalize_backward(out.data(), norms.data(), out.grad().data(), x.grad_data(), rows, cols, eps);
  });
  return out;
}

Tensor cosine_matrix(const Tensor& a, const Tensor& b, Scalar eps) {
  SIMCSE_CHECK(a.rank() == 2 && b.rank() == 2 && a.dim(1) == b.dim(1), "cosine_matrix: a ", a.shape(), " and b ",
               b.shape(), " must be [n, h] and [m, h]");
  return matmul(l2_normalize(a, eps), l2_normalize(b, eps), false, /*transpose_b=*/true);  // [n, m]
}

}  // namespace simcse
