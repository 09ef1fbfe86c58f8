// all_gather.cc — the gather through the communicator; backward takes this rank's block of dout.
// Paper: §4 / App. A
#include "ops/all_gather.h"

#include "ops/op_support.h"

namespace simcse {

Tensor all_gather_rows(const Tensor& x, Communicator& communicator) {
  if (communicator.size() == 1) return x;
  SIMCSE_CHECK(x.rank() >= 1, "all_gather_rows: a tensor with rows, got ", x.shape());
  std::vector<int64_t> dims = x.shape().dims();
  dims[0] *= communicator.size();
  Tensor out = Tensor::empty(Shape(dims), x.device());
  communicator.all_gather(x.data(), out.data(), x.numel(), x.device());
  const int64_t offset = communicator.rank() * x.numel();
  record_op(out, "all_gather_rows", {x}, [x, offset](const Tensor& out) {
    backend_of(out).axpy(Scalar(1), out.grad().data() + offset, x.grad_data(), x.numel());
  });
  return out;
}

}  // namespace simcse
