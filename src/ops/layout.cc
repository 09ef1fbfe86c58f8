// layout.cc — reshape, permute, slice/select and concat, forward and backward. Slicing and
// concatenation both view tensors as [outer, axis, inner] and move blocks with Backend::copy_block;
// each one's backward is the other direction of the same copy, adding into the gradient.
// Paper: none (infrastructure)
#include "ops/layout.h"

#include <array>

#include "ops/op_support.h"

namespace simcse {

namespace {

int resolve_axis(const char* op, const Tensor& x, int axis) {
  int resolved = axis < 0 ? axis + x.rank() : axis;
  SIMCSE_CHECK(resolved >= 0 && resolved < x.rank(), op, ": axis ", axis, " is out of range for ", x.shape());
  return resolved;
}

// Sizes of the [outer, axis, inner] view of `shape` around `axis`.
struct AxisView {
  int64_t outer = 1, dim = 1, inner = 1;
};

AxisView view_around(const Shape& shape, int axis) {
  AxisView view;
  for (int i = 0; i < axis; ++i) view.outer *= shape[i];
  view.dim = shape[axis];
  for (int i = axis + 1; i < shape.rank(); ++i) view.inner *= shape[i];
  return view;
}

}  // namespace

Tensor reshape(const Tensor& x, const std::vector<int64_t>& dims) {
  std::vector<int64_t> resolved = dims;
  int64_t known = 1;
  int inferred = -1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1) {
      SIMCSE_CHECK(inferred < 0, "reshape: only one dimension may be -1");
      inferred = static_cast<int>(i);
    } else {
      known *= dims[i];
    }
  }
  if (inferred >= 0 && known > 0) resolved[inferred] = x.numel() / known;
  Shape shape(resolved);
  SIMCSE_CHECK(shape.numel() == x.numel(), "reshape: cannot view ", x.shape(), " (", x.numel(), " values) as ",
               Shape(dims));
  Tensor out = Tensor::view_of(x.impl().values, shape);
  record_op(out, "reshape", {x}, [x](const Tensor& out) {
    backend_of(out).axpy(1, out.grad().data(), x.grad_data(), x.numel());
  });
  return out;
}

Tensor permute(const Tensor& x, const std::vector<int>& order) {
  const int rank = x.rank();
  SIMCSE_CHECK(rank >= 1 && rank <= 4 && static_cast<int>(order.size()) == rank, "permute: order of ", order.size(),
               " axes for a tensor ", x.shape(), " (rank 1 to 4 supported)");
  std::vector<bool> used(rank, false);
  for (int axis : order) {
    SIMCSE_CHECK(axis >= 0 && axis < rank && !used[axis], "permute: order is not a permutation of 0..", rank - 1);
    used[axis] = true;
  }
  // Pad to rank 4 with leading 1s so one kernel serves every rank.
  const int pad = 4 - rank;
  int64_t in_dims[4] = {1, 1, 1, 1};
  int perm[4] = {0, 1, 2, 3}, inverse[4] = {0, 1, 2, 3};
  std::vector<int64_t> out_dims(rank);
  for (int i = 0; i < rank; ++i) {
    in_dims[pad + i] = x.dim(i);
    perm[pad + i] = pad + order[i];
    out_dims[i] = x.dim(order[i]);
  }
  for (int i = 0; i < 4; ++i) inverse[perm[i]] = i;
  Tensor out = Tensor::empty(Shape(out_dims), x.device());
  backend_of(x).permute(x.data(), in_dims, perm, out.data(), /*accumulate=*/false);
  std::array<int64_t, 4> out_dims4;
  for (int i = 0; i < 4; ++i) out_dims4[i] = in_dims[perm[i]];
  std::array<int, 4> inverse4{inverse[0], inverse[1], inverse[2], inverse[3]};
  record_op(out, "permute", {x}, [x, out_dims4, inverse4](const Tensor& out) {
    backend_of(out).permute(out.grad().data(), out_dims4.data(), inverse4.data(), x.grad_data(), /*accumulate=*/true);
  });
  return out;
}

Tensor slice(const Tensor& x, int axis, int64_t start, int64_t length) {
  axis = resolve_axis("slice", x, axis);
  SIMCSE_CHECK(start >= 0 && length >= 0 && start + length <= x.dim(axis), "slice: [", start, ", ", start + length,
               ") is outside axis ", axis, " of ", x.shape());
  const AxisView view = view_around(x.shape(), axis);
  std::vector<int64_t> out_dims = x.shape().dims();
  out_dims[axis] = length;
  Tensor out = Tensor::empty(Shape(out_dims), x.device());
  backend_of(x).copy_block(x.data(), view.dim, start, out.data(), length, 0, view.outer, length, view.inner, false);
  record_op(out, "slice", {x}, [x, view, start, length](const Tensor& out) {
    backend_of(out).copy_block(out.grad().data(), length, 0, x.grad_data(), view.dim, start, view.outer, length,
                               view.inner, /*accumulate=*/true);
  });
  return out;
}

Tensor select(const Tensor& x, int axis, int64_t index) {
  axis = resolve_axis("select", x, axis);
  std::vector<int64_t> out_dims = x.shape().dims();
  out_dims.erase(out_dims.begin() + axis);
  return reshape(slice(x, axis, index, 1), out_dims);
}

Tensor concat(const std::vector<Tensor>& parts, int axis) {
  SIMCSE_CHECK(!parts.empty(), "concat: no tensors to join");
  check_same_device("concat", parts);
  const Tensor& first = parts.front();
  axis = resolve_axis("concat", first, axis);
  std::vector<int64_t> out_dims = first.shape().dims();
  out_dims[axis] = 0;
  for (const Tensor& part : parts) {
    SIMCSE_CHECK(part.rank() == first.rank(), "concat: ranks differ: ", shapes_of(parts));
    for (int i = 0; i < first.rank(); ++i)
      SIMCSE_CHECK(i == axis || part.dim(i) == first.dim(i), "concat: shapes ", shapes_of(parts),
                   " differ outside axis ", axis);
    out_dims[axis] += part.dim(axis);
  }
  Tensor out = Tensor::empty(Shape(out_dims), first.device());
  const AxisView view = view_around(out.shape(), axis);
  std::vector<int64_t> starts, lengths;  // where each part sits along the axis
  for (const Tensor& part : parts) {
    starts.push_back(lengths.empty() ? 0 : starts.back() + lengths.back());
    lengths.push_back(part.dim(axis));
    backend_of(out).copy_block(part.data(), lengths.back(), 0, out.data(), view.dim, starts.back(), view.outer,
                               lengths.back(), view.inner, /*accumulate=*/false);
  }
  record_op(out, "concat", parts, [parts, starts, lengths, view](const Tensor& out) {
    for (size_t p = 0; p < parts.size(); ++p) {
      if (Scalar* dpart = grad_target(parts[p]))
        backend_of(out).copy_block(out.grad().data(), view.dim, starts[p], dpart, lengths[p], 0, view.outer,
                                   lengths[p], view.inner, /*accumulate=*/true);
    }
  });
  return out;
}

}  // namespace simcse
