// pooling.cc — the masked mean op, forward and backward (each token gets mask / count of dy).
// Paper: §6.3 Ablation studies (pooling methods)
#include "ops/pooling.h"

#include "ops/op_support.h"

namespace simcse {

Tensor masked_mean(const Tensor& hidden, const Tensor& mask) {
  check_same_device("masked_mean", {hidden, mask});
  SIMCSE_CHECK(hidden.rank() == 3 && mask.rank() == 2 && mask.dim(0) == hidden.dim(0) && mask.dim(1) == hidden.dim(1),
               "masked_mean: hidden ", hidden.shape(), " must be [batch, seq, h] and mask ", mask.shape(),
               " [batch, seq]");
  SIMCSE_CHECK(!mask.requires_grad(), "masked_mean: the mask is data, not a parameter");
  const int64_t batch = hidden.dim(0), seq = hidden.dim(1), width = hidden.dim(2);
  Tensor out = Tensor::empty({batch, width}, hidden.device());
  backend_of(hidden).masked_mean_forward(hidden.data(), mask.data(), out.data(), batch, seq, width);
  record_op(out, "masked_mean", {hidden, mask}, [=](const Tensor& out) {
    backend_of(out).masked_mean_backward(mask.data(), out.grad().data(), hidden.grad_data(), batch, seq, width);
  });
  return out;
}

}  // namespace simcse
