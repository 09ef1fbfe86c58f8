// adamw.h — what the Hugging Face Trainer does to SimCSE's parameters after each backward: clip
// the global gradient norm at max_grad_norm (torch.nn.utils.clip_grad_norm_), take one
// torch.optim.AdamW step at the learning rate of the linear schedule (transformers'
// get_linear_schedule_with_warmup), with weight decay on every parameter except biases and
// LayerNorm weights. The update itself is Backend::adamw_update (backend/cpu/adamw.cc, cuda/adamw.cu).
// In a data-parallel run it can shard its moments across the ranks (ZeRO stage 1, --zero_stage 1).
// Paper: Appendix A (training details: AdamW, linear decay, learning rates)
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "backend/backend.h"
#include "core/tensor.h"
#include "dist/communicator.h"

namespace simcse {

// Everything the Trainer's optimisation step is set by, with the Trainer's defaults: AdamW's own
// hyperparameters (AdamWSettings, backend.h; SimCSE passes learning rate 3e-5 unsupervised, 5e-5
// supervised), and the clipping and schedule around the update.
struct OptimizerSettings {
  AdamWSettings adamw;         // the peak learning rate, betas, eps, weight decay
  double max_grad_norm = 1.0;  // clip_grad_norm_'s max_norm
  int64_t warmup_steps = 0;    // linear warm-up from 0 to adamw.learning_rate
  int64_t total_steps = 1;     // the rate decays linearly to 0 here
  bool decay = true;           // false: the rate stays at its peak after warm-up (transformers'
                               // "constant" / "constant_with_warmup"; TSDAE trains so)
};

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

// sqrt(sum of x^2 over every buffer (pointer, count) on `device`): the norm of many tensors taken
// as one vector, summed in a fixed order.
double global_norm(const std::vector<std::pair<const Scalar*, int64_t>>& buffers, Device device);

// Trainer's rule: no decay for biases and LayerNorm parameters.
bool exempt_from_weight_decay(const std::string& parameter_name);

class AdamW {
 public:
  // With `shard_over` (ZeRO stage 1, Rajbhandari et al. 2020, as llm.c's zero_stage 1): lay every
  // parameter end to end as one vector of P numbers; rank r keeps exp_avg and exp_avg_sq only for
  // numbers [r * c, (r + 1) * c), c = ceil(P / ranks), updates only those, and the ranks then
  // all-gather the updated numbers so each again holds every weight. Each number gets the same
  // arithmetic as without sharding, so the weights are identical; the moments take 2P / ranks
  // numbers per rank instead of 2P. (The gradient is still all-reduced whole, so clipping sees it.)
  AdamW(NamedTensors parameters, OptimizerSettings settings, Communicator* shard_over = nullptr);

  // lr * lambda(step): linear warm-up from 0 over warmup_steps, then linear decay to 0 at total_steps
  // (or, without decay, the peak rate from then on).
  double learning_rate_at(int64_t step) const;
  double current_learning_rate() const { return learning_rate_at(steps_done_); }

  // Scales every gradient by min(1, max_norm / (norm + 1e-6)) (not at all when max_norm is 0) and
  // returns the norm before clipping.
  // A parameter without a gradient counts as a zero gradient.
  double clip_gradients();
  // One AdamW step on every parameter at the current learning rate; then the schedule advances.
  void step();
  // The norm of all parameters together: NaN or Inf when any parameter is (or when it overflows).
  // One read of the weights, cheap next to a step; the trainer checks it after every update.
  double parameter_norm() const;
  // Sets every parameter's gradient to zero, ready for the next backward (which adds into it).
  void zero_grad();

  int64_t steps_done() const { return steps_done_; }
  // The whole moments, by parameter name ("exp_avg." / "exp_avg_sq." prefixes), for checkpoints.
  // Sharded, every rank must call it: the ranks' slices are all-gathered.
  NamedTensors state() const;
  // Takes the whole moments (as state() gives them); sharded, each rank keeps its slice.
  void load_state(const NamedTensors& state, int64_t steps_done);
  // Bytes of moments this process holds (2 x its share of the parameters).
  int64_t state_bytes() const;

 private:
  struct Slot {
    std::string name;
    Tensor parameter;
    int64_t first = 0, count = 0;  // the numbers [first, first + count) of `parameter` this rank updates
    Tensor exp_avg, exp_avg_sq;    // [count] (the parameter's shape when not sharded)
    double weight_decay;
  };

  std::vector<std::pair<const Scalar*, int64_t>> buffers(bool gradients, Device& device) const;
  // ZeRO-1: this rank's slice of the end-to-end vector, read through `slice_of`, from every rank.
  Tensor gather_slices(const std::function<const Scalar*(const Slot&)>& slice_of) const;
  // ZeRO-1: every rank's updated slice to every rank.
  void gather_updated_parameters();
  // One moment (exp_avg or exp_avg_sq) of every parameter, gathered from the ranks' slices.
  std::vector<Tensor> gather_moment(Tensor Slot::*moment) const;

  std::vector<Slot> slots_;
  OptimizerSettings settings_;
  Communicator* shard_over_;  // null: not sharded
  int64_t shard_size_ = 0;    // c above: the numbers each rank owns (the last rank's may be fewer)
  int64_t steps_done_ = 0;
};

}  // namespace simcse
