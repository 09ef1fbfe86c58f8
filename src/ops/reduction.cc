// reduction.cc — sum and mean: one kernel with a scale (1 or 1/n); the backward broadcasts
// scale * dloss to every element.
// Paper: none (infrastructure)
#include "ops/reduction.h"

#include "ops/op_support.h"

namespace simcse {

namespace {

Tensor scaled_sum(const char* op, const Tensor& x, Scalar scale) {
  Tensor out = Tensor::empty(Shape{}, x.device());
  backend_of(x).sum(x.data(), x.numel(), scale, out.data());
  record_op(out, op, {x}, [x, scale](const Tensor& out) {
    backend_of(out).add_scalar_broadcast(out.grad().data(), scale, x.grad_data(), x.numel());
  });
  return out;
}

}  // namespace

Tensor sum(const Tensor& x) { return scaled_sum("sum", x, 1); }

Tensor mean(const Tensor& x) {
  SIMCSE_CHECK(x.numel() > 0, "mean: empty tensor ", x.shape());
  return scaled_sum("mean", x, Scalar(1) / static_cast<Scalar>(x.numel()));
}

}  // namespace simcse
