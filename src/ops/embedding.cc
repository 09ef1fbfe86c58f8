// embedding.cc — the embedding op: range-checked gather forward, scatter-add backward.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "ops/embedding.h"

#include "ops/op_support.h"

namespace simcse {

Tensor embedding(const Tensor& table, const std::vector<int32_t>& ids, const Shape& ids_shape) {
  SIMCSE_CHECK(table.rank() == 2, "embedding: the table must be 2-D [rows, hidden], got ", table.shape());
  SIMCSE_CHECK(static_cast<int64_t>(ids.size()) == ids_shape.numel(), "embedding: ", ids.size(),
               " ids do not fill shape ", ids_shape);
  const int64_t rows = table.dim(0), hidden = table.dim(1), count = ids_shape.numel();
  for (int64_t i = 0; i < count; ++i)
    SIMCSE_CHECK(ids[i] >= 0 && ids[i] < rows, "embedding: id ", ids[i], " at position ", i,
                 " is out of range for a table of ", rows, " rows ", table.shape());
  std::vector<int64_t> out_dims = ids_shape.dims();
  out_dims.push_back(hidden);
  Tensor out = Tensor::empty(Shape(out_dims), table.device());
  backend_of(table).embedding_forward(table.data(), ids.data(), out.data(), count, hidden);
  record_op(out, "embedding", {table}, [table, ids, count, hidden](const Tensor& out) {
    backend_of(out).embedding_backward(ids.data(), out.grad().data(), table.grad_data(), count, hidden);
  });
  return out;
}

}  // namespace simcse
