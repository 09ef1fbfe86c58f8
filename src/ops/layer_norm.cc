// layer_norm.cc — the LayerNorm op: checks shapes, saves per-row statistics, wires the backward.
// The derivation of the backward formula is in docs/01-tensor-and-autodiff.md.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "ops/layer_norm.h"

#include "ops/op_support.h"

namespace simcse {

Tensor layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, Scalar eps) {
  check_same_device("layer_norm", {x, gamma, beta});
  SIMCSE_CHECK(x.rank() >= 1 && gamma.shape() == Shape{x.dim(-1)} && beta.shape() == gamma.shape(),
               "layer_norm: x ", x.shape(), " needs gamma and beta of shape [", x.rank() ? x.dim(-1) : 0, "], got ",
               gamma.shape(), " and ", beta.shape());
  SIMCSE_CHECK(eps > 0, "layer_norm: eps must be positive, got ", eps);
  const int64_t rows = x.shape().rows(), cols = x.dim(-1);
  Tensor out = Tensor::empty(x.shape(), x.device());
  Tensor mean = Tensor::empty({rows}, x.device()), rstd = Tensor::empty({rows}, x.device());  // [rows]
  backend_of(x).layer_norm_forward(x.data(), gamma.data(), beta.data(), out.data(), mean.data(), rstd.data(), rows,
                                   cols, eps);
  record_op(out, "layer_norm", {x, gamma, beta}, [=](const Tensor& out) {
    backend_of(out).layer_norm_backward(x.data(), gamma.data(), mean.data(), rstd.data(), out.grad().data(),
                                        grad_target(x), grad_target(gamma), grad_target(beta), rows, cols);
  });
  return out;
}

}  // namespace simcse
