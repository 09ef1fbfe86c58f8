// fixed_order_sum.h — the last step of every sum to a single number (sum, mean, the squared norms
// of gradient clipping, the cross-entropy loss): partial sums, one per block or per row, added by a
// single block in an order fixed by their count, so the result has the same bits on every run.
// Paper: none (infrastructure)
#pragma once

#include <cstdint>

#include "core/scalar.h"

namespace simcse::cuda {

// out[0] = scale * (values[0] + ... + values[count - 1]), on the device; values are in device memory.
void add_up(const double* values, int64_t count, double scale, Scalar* out);

}  // namespace simcse::cuda
