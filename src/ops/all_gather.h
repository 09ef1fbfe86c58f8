// all_gather.h — the rows of every rank's tensor, stacked in rank order, with the gradient of this
// rank's own rows only: SimCSE's cl_forward in a multi-GPU run gathers z1 and z2 with
// dist.all_gather (which has no backward) and puts the local tensor back in its slot
// (z1_list[rank] = z1), so each rank's loss sees the whole global batch as negatives while
// backpropagating into its own sentences alone.
// Paper: §4 / App. A (the supervised recipe's 512 in-batch negatives come from 4 gathered GPUs)
#pragma once

#include "core/tensor.h"
#include "dist/communicator.h"

namespace simcse {

// x [rows, ...] on every rank -> [size * rows, ...]; rank r's rows at [r * rows, (r + 1) * rows).
// Backward adds only the gradient of this rank's rows into x. One rank: x itself.
Tensor all_gather_rows(const Tensor& x, Communicator& communicator);

}  // namespace simcse
