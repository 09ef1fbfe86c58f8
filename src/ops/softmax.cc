// softmax.cc — the masked softmax op; the backward needs only the output: dx = y * (dy - sum(dy * y)).
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "ops/softmax.h"

#include "ops/op_support.h"

namespace simcse {

Tensor masked_softmax(const Tensor& x, const Tensor& mask, bool causal) {
  check_same_device("masked_softmax", {x, mask});
  SIMCSE_CHECK(x.rank() >= 1 && x.dim(-1) > 0, "masked_softmax: x ", x.shape(), " needs a non-empty last axis");
  const int64_t rows = x.shape().rows(), cols = x.dim(-1);
  int64_t mask_rows = 0;
  if (mask.defined()) {
    mask_rows = mask.shape().rows();
    SIMCSE_CHECK(mask.rank() >= 1 && mask.dim(-1) == cols && mask_rows > 0 && rows % mask_rows == 0,
                 "masked_softmax: mask ", mask.shape(), " does not fit scores ", x.shape(),
                 " (it needs the scores' last axis and a row count that divides theirs)");
    SIMCSE_CHECK(!mask.requires_grad(), "masked_softmax: the mask is data, not a parameter");
  }
  SIMCSE_CHECK(!causal || (x.rank() >= 2 && x.dim(-2) == cols), "masked_softmax: causal scores must be square "
               "[..., seq, seq] (query, key), got ", x.shape());
  Tensor out = Tensor::empty(x.shape(), x.device());
  backend_of(x).masked_softmax_forward(x.data(), mask.defined() ? mask.data() : nullptr, out.data(), rows, cols,
                                       mask_rows, causal);
  record_op(out, "masked_softmax", {x, mask}, [x, rows, cols](const Tensor& out) {
    backend_of(out).masked_softmax_backward(out.data(), out.grad().data(), x.grad_data(), rows, cols);
  });
  return out;
}

}  // namespace simcse
