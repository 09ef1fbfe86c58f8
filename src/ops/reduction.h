// reduction.h — sum and mean of all elements, to a scalar tensor (shape []).
// Paper: none (infrastructure)
#pragma once

#include "core/tensor.h"

namespace simcse {

Tensor sum(const Tensor& x);
Tensor mean(const Tensor& x);

}  // namespace simcse
