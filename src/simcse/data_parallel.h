// data_parallel.h — what the trainer does differently when several ranks train one model: each
// rank takes its shard of every global batch, the ranks start from rank 0's weights, and after
// backward the gradients are summed across ranks before clipping, so clipping and AdamW see the
// global batch's gradient and every rank takes the same update. The negatives are gathered inside
// the objective (SimcseModel::cl_forward); with one rank all of this is a no-op.
// Paper: §4 / App. A (SimCSE's supervised recipe: 4 GPUs × 128 = 512 in-batch negatives)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dist/communicator.h"
#include "simcse/adamw.h"
#include "simcse/training_arguments.h"

namespace simcse {

// Rank r's examples of a global batch of `global_size` examples starting at `position` of the
// epoch's order: [position + r * n, position + (r + 1) * n) with n = global_size / ranks. A global
// batch that the ranks cannot share evenly (the end of an epoch) is an error saying how to fix it.
struct Shard {
  int64_t first = 0, count = 0;
};
Shard shard_of_batch(int64_t position, int64_t global_size, const Communicator& communicator);

// Every rank's parameters set to rank 0's.
void broadcast_parameters(const NamedTensors& parameters, Communicator& communicator);

// Every gradient replaced by the sum over ranks (one flat buffer, one collective).
void all_reduce_gradients(const NamedTensors& parameters, Communicator& communicator);

// Stops the run, naming the first difference, when the ranks were not started alike: another
// command line, or another training file (compared by its SHA-256).
void check_ranks_agree(const TrainingArguments& args, const std::vector<std::string>& command_line,
                       Communicator& communicator);

}  // namespace simcse
