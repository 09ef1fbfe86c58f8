// elementwise.h — add, sub, mul (same shape, or b a bias row broadcast over a's rows) and scale.
// Paper: none (infrastructure)
#pragma once

#include "core/tensor.h"

namespace simcse {

// b has a's shape, or is one row [a.dim(-1)] added to every row of a (a Linear layer's bias).
Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor scale(const Tensor& x, Scalar alpha);  // alpha * x

}  // namespace simcse
