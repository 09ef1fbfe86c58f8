// adamw.h — what the Hugging Face Trainer does to SimCSE's parameters after each backward: clip
// the global gradient norm at max_grad_norm (torch.nn.utils.clip_grad_norm_), take one
// torch.optim.AdamW step at the learning rate of the linear schedule (transformers'
// get_linear_schedule_with_warmup), with weight decay on every parameter except biases and
// LayerNorm weights. The update itself is Backend::adamw_update (backend/cpu/adamw.cc, cuda/adamw.cu).
// Paper: Appendix A (training details: AdamW, linear decay, learning rates)
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "backend/backend.h"
#include "core/tensor.h"

namespace simcse {

// Everything the Trainer's optimisation step is set by, with the Trainer's defaults: AdamW's own
// hyperparameters (AdamWSettings, backend.h; SimCSE passes learning rate 3e-5 unsupervised, 5e-5
// supervised), and the clipping and schedule around the update.
struct OptimizerSettings {
  AdamWSettings adamw;         // the peak learning rate, betas, eps, weight decay
  double max_grad_norm = 1.0;  // clip_grad_norm_'s max_norm
  int64_t warmup_steps = 0;    // linear warm-up from 0 to adamw.learning_rate
  int64_t total_steps = 1;     // the rate decays linearly to 0 here
};

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

// sqrt(sum of x^2 over every buffer (pointer, count) on `device`): the norm of many tensors taken
// as one vector, summed in a fixed order.
double global_norm(const std::vector<std::pair<const Scalar*, int64_t>>& buffers, Device device);

// Trainer's rule: no decay for biases and LayerNorm parameters.
bool exempt_from_weight_decay(const std::string& parameter_name);

class AdamW {
 public:
  AdamW(NamedTensors parameters, OptimizerSettings settings);

  // lr * lambda(step): linear warm-up from 0 over warmup_steps, then linear decay to 0 at total_steps.
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
  // The moments, by parameter name ("exp_avg." / "exp_avg_sq." prefixes), for checkpoints.
  NamedTensors state() const;
  void load_state(const NamedTensors& state, int64_t steps_done);

 private:
  std::vector<std::pair<const Scalar*, int64_t>> buffers(bool gradients, Device& device) const;

  struct Slot {
    std::string name;
    Tensor parameter, exp_avg, exp_avg_sq;
    double weight_decay;
  };
  std::vector<Slot> slots_;
  OptimizerSettings settings_;
  int64_t steps_done_ = 0;
};

}  // namespace simcse
