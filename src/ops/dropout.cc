// dropout.cc — the dropout op: one kernel serves forward (on x) and backward (on dy, adding into dx).
// Paper: §3 Unsupervised SimCSE (dropout noise is the augmentation)
#include "ops/dropout.h"

#include "ops/op_support.h"

namespace simcse {

Tensor dropout(const Tensor& x, double probability, RandomStream& stream) {
  SIMCSE_CHECK(probability >= 0 && probability < 1, "dropout: probability must be in [0, 1), got ", probability);
  if (probability == 0) return x;
  const uint64_t seed = stream.seed, offset = stream.take();
  // Rank r of a data-parallel run holds rows [r * n, (r + 1) * n) of the global batch's tensor: its
  // elements are numbered from r * numel, and draw the masks one process would draw for them.
  const uint64_t first_element = stream.shard * static_cast<uint64_t>(x.numel());
  Tensor out = Tensor::empty(x.shape(), x.device());
  backend_of(x).dropout(x.data(), out.data(), x.numel(), probability, seed, offset, first_element,
                        /*accumulate=*/false);
  record_op(out, "dropout", {x}, [=](const Tensor& out) {
    backend_of(out).dropout(out.grad().data(), x.grad_data(), x.numel(), probability, seed, offset, first_element,
                            /*accumulate=*/true);
  });
  return out;
}

}  // namespace simcse
