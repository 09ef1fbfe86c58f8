// layout.h — ops that move values without arithmetic: reshape, permute (splitting and merging
// attention heads), slice and select along an axis (the [CLS] row; the two views of a sentence),
// and concatenation (appending hard negatives to the in-batch candidates).
// Paper: none (infrastructure)
#pragma once

#include <vector>

#include "core/tensor.h"

namespace simcse {

// Same values, new shape of the same element count; one dimension may be -1 (inferred).
// The result shares x's memory (no copy); its gradient flows back unchanged.
Tensor reshape(const Tensor& x, const std::vector<int64_t>& dims);

// Reorders axes (rank <= 4): result dim i is x dim order[i]; {0, 2, 1, 3} turns
// [batch, seq, heads, head_dim] into [batch, heads, seq, head_dim]. Copies.
Tensor permute(const Tensor& x, const std::vector<int>& order);

// x[..., start : start + length, ...] along `axis` (the axis is kept, with size `length`).
Tensor slice(const Tensor& x, int axis, int64_t start, int64_t length);

// x[..., index, ...] along `axis`, which is removed: select(hidden [batch, seq, h], 1, 0) is the
// [CLS] vector of every sentence, [batch, h].
Tensor select(const Tensor& x, int axis, int64_t index);

// Joins tensors along `axis`; all other dimensions must agree.
Tensor concat(const std::vector<Tensor>& parts, int axis);

}  // namespace simcse
