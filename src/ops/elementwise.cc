// elementwise.cc — add/sub/mul with bias-row broadcasting, and scale; forward then backward.
// Paper: none (infrastructure)
#include "ops/elementwise.h"

#include "ops/op_support.h"

namespace simcse {

namespace {

Tensor binary_op(const char* name, BinaryOp op, const Tensor& a, const Tensor& b) {
  check_same_device(name, {a, b});
  const bool b_is_row = a.shape() != b.shape();
  SIMCSE_CHECK(!b_is_row || (b.rank() == 1 && a.rank() >= 1 && b.dim(0) == a.dim(-1)), name,
               ": shapes do not match: ", a.shape(), " and ", b.shape(),
               " (b must have a's shape, or be one row of a's last dimension)");
  const int64_t cols = a.rank() == 0 ? 1 : a.dim(-1), rows = a.shape().rows();
  Tensor out = Tensor::empty(a.shape(), a.device());
  backend_of(a).binary_forward(op, a.data(), b.data(), out.data(), rows, cols, b_is_row);
  record_op(out, name, {a, b}, [=](const Tensor& out) {
    backend_of(out).binary_backward(op, a.data(), b.data(), out.grad().data(), grad_target(a), grad_target(b), rows,
                                    cols, b_is_row);
  });
  return out;
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) { return binary_op("add", BinaryOp::add, a, b); }
Tensor sub(const Tensor& a, const Tensor& b) { return binary_op("sub", BinaryOp::sub, a, b); }
Tensor mul(const Tensor& a, const Tensor& b) { return binary_op("mul", BinaryOp::mul, a, b); }

Tensor scale(const Tensor& x, Scalar alpha) {
  Tensor out = Tensor::empty(x.shape(), x.device());
  backend_of(x).scale(x.data(), alpha, out.data(), x.numel());
  record_op(out, "scale", {x}, [x, alpha](const Tensor& out) {
    backend_of(out).axpy(alpha, out.grad().data(), x.grad_data(), x.numel());  // dx += alpha * dout
  });
  return out;
}

}  // namespace simcse
