// adamw.cc — AdamW, the linear schedule and gradient clipping over named parameters.
// Paper: Appendix A (training details)
#include "simcse/adamw.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

#include "backend/backend.h"

namespace simcse {

bool exempt_from_weight_decay(const std::string& parameter_name) {
  std::string lower = parameter_name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("bias") != std::string::npos || lower.find("layernorm") != std::string::npos;
}

AdamW::AdamW(NamedTensors parameters, OptimizerSettings settings, Communicator* shard_over)
    : settings_(settings), shard_over_(shard_over && shard_over->size() > 1 ? shard_over : nullptr) {
  SIMCSE_CHECK(settings.total_steps > 0, "the optimizer needs a positive number of training steps");
  int64_t total = 0;
  for (const auto& entry : parameters) total += entry.second.numel();
  const int ranks = shard_over_ ? shard_over_->size() : 1, rank = shard_over_ ? shard_over_->rank() : 0;
  shard_size_ = (total + ranks - 1) / ranks;
  const int64_t mine_begin = std::min(total, rank * shard_size_), mine_end = std::min(total, mine_begin + shard_size_);
  int64_t offset = 0;  // where this parameter starts in the end-to-end vector
  for (auto& [name, parameter] : parameters) {
    const int64_t numel = parameter.numel();
    const int64_t first = std::clamp(mine_begin - offset, int64_t{0}, numel);
    const int64_t count = std::clamp(mine_end - offset, int64_t{0}, numel) - first;
    const Shape moment_shape = shard_over_ ? Shape{count} : parameter.shape();
    slots_.push_back({name, parameter, first, count, Tensor::zeros(moment_shape, parameter.device()),
                      Tensor::zeros(moment_shape, parameter.device()),
                      exempt_from_weight_decay(name) ? 0.0 : settings.adamw.weight_decay});
    offset += numel;
  }
}

double AdamW::learning_rate_at(int64_t step) const {
  const double warmup = static_cast<double>(settings_.warmup_steps), total = static_cast<double>(settings_.total_steps);
  const double s = static_cast<double>(step);
  if (s < warmup) return settings_.adamw.learning_rate * s / std::max(1.0, warmup);
  if (!settings_.decay) return settings_.adamw.learning_rate;
  const double factor = std::max(0.0, (total - s) / std::max(1.0, total - warmup));
  return settings_.adamw.learning_rate * factor;
}

double global_norm(const std::vector<std::pair<const Scalar*, int64_t>>& buffers, Device device) {
  // Each sum of squares is a device-side reduction into its own element of one buffer, and one
  // copy brings them all to the host (not one synchronising copy per tensor).
  if (buffers.empty()) return 0;
  Tensor squares = Tensor::empty(Shape{static_cast<int64_t>(buffers.size())}, device);  // [buffers]
  for (size_t i = 0; i < buffers.size(); ++i)
    backend_for(device).sum_of_squares(buffers[i].first, buffers[i].second, squares.data() + i);
  double total_squares = 0;
  for (Scalar value : squares.to_vector()) total_squares += value;  // in buffer order
  return std::sqrt(total_squares);
}

// The parameters' (or their gradients') buffers in order, all on one device.
std::vector<std::pair<const Scalar*, int64_t>> AdamW::buffers(bool gradients, Device& device) const {
  std::vector<std::pair<const Scalar*, int64_t>> buffers;
  for (const Slot& slot : slots_) {
    if (gradients && !slot.parameter.has_grad()) continue;  // counts as a zero gradient
    if (buffers.empty()) device = slot.parameter.device();
    SIMCSE_CHECK(slot.parameter.device() == device, "AdamW: parameter '", slot.name, "' is on ",
                 device_name(slot.parameter.device()), ", the others on ", device_name(device));
    buffers.emplace_back(gradients ? slot.parameter.grad_data() : slot.parameter.data(), slot.parameter.numel());
  }
  return buffers;
}

double AdamW::clip_gradients() {
  // torch's clip_grad_norm_: the norm of all gradients together.
  Device device = Device::cpu;
  const auto gradients = buffers(/*gradients=*/true, device);
  const double norm = global_norm(gradients, device);
  // The Trainer clips only when max_grad_norm > 0: 0 means "no clipping", not "zero gradients".
  const double coefficient = settings_.max_grad_norm > 0 ? std::min(1.0, settings_.max_grad_norm / (norm + 1e-6)) : 1.0;
  if (coefficient < 1.0) {
    for (const Slot& slot : slots_) {
      if (!slot.parameter.has_grad()) continue;
      Scalar* grad = slot.parameter.grad_data();
      backend_for(slot.parameter.device()).scale(grad, static_cast<Scalar>(coefficient), grad, slot.parameter.numel());
    }
  }
  return norm;
}

double AdamW::parameter_norm() const {
  Device device = Device::cpu;
  return global_norm(buffers(/*gradients=*/false, device), device);
}

void AdamW::step() {
  AdamWSettings this_step = settings_.adamw;  // at the scheduled rate, with each parameter's decay
  this_step.learning_rate = current_learning_rate();
  for (Slot& slot : slots_) {
    // A parameter without a gradient is skipped, as torch skips one whose .grad is None.
    if (!slot.parameter.has_grad() || slot.count == 0) continue;
    this_step.weight_decay = slot.weight_decay;
    backend_for(slot.parameter.device())
        .adamw_update(slot.parameter.data() + slot.first, slot.parameter.grad_data() + slot.first,
                      slot.exp_avg.data(), slot.exp_avg_sq.data(), slot.count, this_step, steps_done_ + 1);
  }
  if (shard_over_) gather_updated_parameters();
  ++steps_done_;
}

// Rank r's slice is numbers [r * c, (r + 1) * c) of the end-to-end vector: its slots' `count` numbers
// (from `slice_of`), in parameter order, fill one buffer of c; the all-gather lays the ranks'
// buffers end to end, which is the whole vector again: [ranks * c].
Tensor AdamW::gather_slices(const std::function<const Scalar*(const Slot&)>& slice_of) const {
  const Device device = slots_.front().parameter.device();
  Tensor mine = Tensor::zeros(Shape{shard_size_}, device);  // [c]
  int64_t filled = 0;
  for (const Slot& slot : slots_) {
    backend_for(device).copy(mine.data() + filled, slice_of(slot), slot.count);
    filled += slot.count;
  }
  Tensor everything = Tensor::empty(Shape{shard_size_ * shard_over_->size()}, device);
  shard_over_->all_gather(mine.data(), everything.data(), shard_size_, device);
  return everything;
}

void AdamW::gather_updated_parameters() {
  const Tensor everything = gather_slices([](const Slot& slot) { return slot.parameter.data() + slot.first; });
  int64_t offset = 0;
  for (const Slot& slot : slots_) {
    backend_for(slot.parameter.device()).copy(slot.parameter.data(), everything.data() + offset, slot.parameter.numel());
    offset += slot.parameter.numel();
  }
}

std::vector<Tensor> AdamW::gather_moment(Tensor Slot::*moment) const {
  const Tensor everything = gather_slices([moment](const Slot& slot) { return (slot.*moment).data(); });
  std::vector<Tensor> whole;
  int64_t offset = 0;
  for (const Slot& slot : slots_) {
    whole.push_back(Tensor::empty(slot.parameter.shape(), slot.parameter.device()));
    backend_for(slot.parameter.device()).copy(whole.back().data(), everything.data() + offset, slot.parameter.numel());
    offset += slot.parameter.numel();
  }
  return whole;
}

int64_t AdamW::state_bytes() const {
  int64_t numbers = 0;
  for (const Slot& slot : slots_) numbers += slot.exp_avg.numel() + slot.exp_avg_sq.numel();
  return numbers * static_cast<int64_t>(sizeof(Scalar));
}

void AdamW::zero_grad() {
  for (Slot& slot : slots_) slot.parameter.zero_grad();
}

NamedTensors AdamW::state() const {
  NamedTensors state;
  if (shard_over_) {
    const std::vector<Tensor> exp_avg = gather_moment(&Slot::exp_avg), exp_avg_sq = gather_moment(&Slot::exp_avg_sq);
    for (size_t i = 0; i < slots_.size(); ++i) {
      state.emplace_back("exp_avg." + slots_[i].name, exp_avg[i]);
      state.emplace_back("exp_avg_sq." + slots_[i].name, exp_avg_sq[i]);
    }
    return state;
  }
  for (const Slot& slot : slots_) {
    state.emplace_back("exp_avg." + slot.name, slot.exp_avg);
    state.emplace_back("exp_avg_sq." + slot.name, slot.exp_avg_sq);
  }
  return state;
}

void AdamW::load_state(const NamedTensors& state, int64_t steps_done) {
  auto find = [&](const std::string& name) -> const Tensor& {
    for (const auto& [entry_name, tensor] : state)
      if (entry_name == name) return tensor;
    fail("optimizer state has no tensor '", name, "'");
  };
  for (Slot& slot : slots_) {
    for (auto [prefix, target] : {std::pair{"exp_avg.", &slot.exp_avg}, std::pair{"exp_avg_sq.", &slot.exp_avg_sq}}) {
      const Tensor& saved = find(prefix + slot.name);
      SIMCSE_CHECK(saved.shape() == slot.parameter.shape(), "optimizer state '", prefix, slot.name, "' has shape ",
                   saved.shape(), ", the parameter has ", slot.parameter.shape());
      const Tensor on_device = saved.to(slot.parameter.device());
      *target = Tensor::empty(target->shape(), slot.parameter.device());  // this rank's [first, first + count)
      backend_for(slot.parameter.device()).copy(target->data(), on_device.data() + slot.first, slot.count);
    }
  }
  steps_done_ = steps_done;
}

}  // namespace simcse
