// matmul.h — matrix products with optional transposes: the Linear layers (x W^T, W stored
// [out, in] as in PyTorch) and the attention products Q K^T and P V, batched over heads.
// Paper: none (infrastructure; BERT's layers, §3)
#pragma once

#include "core/tensor.h"

namespace simcse {

// op(a) op(b). a is [..., m, k] (leading dims are folded into rows) or, with transpose_a, a 2-D [k, m];
// b is [k, n], or [n, k] with transpose_b. Result [..., m, n].
Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a = false, bool transpose_b = false);

// One product per leading index: a [..., m, k] and b [..., k, n] (last two axes swapped when
// transposed) with identical leading dims; result [..., m, n]. Attention uses [batch, heads, seq, seq].
Tensor batched_matmul(const Tensor& a, const Tensor& b, bool transpose_a = false, bool transpose_b = false);

}  // namespace simcse
