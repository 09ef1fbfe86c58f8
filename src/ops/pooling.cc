// pooling.cc — the masked mean (divided by the token count or its square root) and the masked max,
// forward and backward: the mean gives each token mask / divisor of dy, the max all of dy to the
// token it took.
// Paper: §6.3 Ablation studies (pooling methods)
#include "ops/pooling.h"

#include "ops/op_support.h"

namespace simcse {

namespace {

void check_pooling_inputs(const char* op, const Tensor& hidden, const Tensor& mask) {
  check_same_device(op, {hidden, mask});
  SIMCSE_CHECK(hidden.rank() == 3 && mask.rank() == 2 && mask.dim(0) == hidden.dim(0) && mask.dim(1) == hidden.dim(1),
               op, ": hidden ", hidden.shape(), " must be [batch, seq, h] and mask ", mask.shape(), " [batch, seq]");
  SIMCSE_CHECK(!mask.requires_grad(), op, ": the mask is data, not a parameter");
}

Tensor masked_mean_op(const char* op, const Tensor& hidden, const Tensor& mask, bool sqrt_length) {
  check_pooling_inputs(op, hidden, mask);
  const int64_t batch = hidden.dim(0), seq = hidden.dim(1), width = hidden.dim(2);
  Tensor out = Tensor::empty({batch, width}, hidden.device());
  backend_of(hidden).masked_mean_forward(hidden.data(), mask.data(), out.data(), batch, seq, width, sqrt_length);
  record_op(out, op, {hidden, mask}, [=](const Tensor& out) {
    backend_of(out).masked_mean_backward(mask.data(), out.grad().data(), hidden.grad_data(), batch, seq, width,
                                         sqrt_length);
  });
  return out;
}

}  // namespace

Tensor masked_mean(const Tensor& hidden, const Tensor& mask) {
  return masked_mean_op("masked_mean", hidden, mask, /*sqrt_length=*/false);
}

Tensor masked_mean_sqrt_len(const Tensor& hidden, const Tensor& mask) {
  return masked_mean_op("masked_mean_sqrt_len", hidden, mask, /*sqrt_length=*/true);
}

Tensor masked_max(const Tensor& hidden, const Tensor& mask) {
  check_pooling_inputs("masked_max", hidden, mask);
  const int64_t batch = hidden.dim(0), seq = hidden.dim(1), width = hidden.dim(2);
  Tensor out = Tensor::empty({batch, width}, hidden.device());
  backend_of(hidden).masked_max_forward(hidden.data(), mask.data(), out.data(), batch, seq, width);
  record_op(out, "masked_max", {hidden, mask}, [=](const Tensor& out) {
    backend_of(out).masked_max_backward(hidden.data(), mask.data(), out.grad().data(), hidden.grad_data(), batch, seq,
                                        width);
  });
  return out;
}

}  // namespace simcse
