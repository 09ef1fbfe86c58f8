// adamw.cc — AdamW, the linear schedule and gradient clipping over named parameters.
// Paper: Appendix A (training details)
#include "simcse/adamw.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "backend/backend.h"

namespace simcse {

bool exempt_from_weight_decay(const std::string& parameter_name) {
  std::string lower = parameter_name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("bias") != std::string::npos || lower.find("layernorm") != std::string::npos;
}

AdamW::AdamW(NamedTensors parameters, OptimizerSettings settings) : settings_(settings) {
  SIMCSE_CHECK(settings.total_steps > 0, "the optimizer needs a positive number of training steps");
  for (auto& [name, parameter] : parameters) {
    slots_.push_back({name, parameter, Tensor::zeros(parameter.shape(), parameter.device()),
                      Tensor::zeros(parameter.shape(), parameter.device()),
                      exempt_from_weight_decay(name) ? 0.0 : settings.adamw.weight_decay});
  }
}

double AdamW::learning_rate_at(int64_t step) const {
  const double warmup = static_cast<double>(settings_.warmup_steps), total = static_cast<double>(settings_.total_steps);
  const double s = static_cast<double>(step);
  const double factor = s < warmup ? s / std::max(1.0, warmup) : std::max(0.0, (total - s) / std::max(1.0, total - warmup));
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
    if (!slot.parameter.has_grad()) continue;  // as torch skips a parameter whose .grad is None
    this_step.weight_decay = slot.weight_decay;
    backend_for(slot.parameter.device())
        .adamw_update(slot.parameter.data(), slot.parameter.grad_data(), slot.exp_avg.data(), slot.exp_avg_sq.data(),
                      slot.parameter.numel(), this_step, steps_done_ + 1);
  }
  ++steps_done_;
}

void AdamW::zero_grad() {
  for (Slot& slot : slots_) slot.parameter.zero_grad();
}

NamedTensors AdamW::state() const {
  NamedTensors state;
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
      *target = saved.to(slot.parameter.device());
    }
  }
  steps_done_ = steps_done;
}

}  // namespace simcse
