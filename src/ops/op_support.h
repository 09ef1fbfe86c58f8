// op_support.h — small helpers every op file uses: the backend of a tensor, device checks, and
// "the gradient buffer of this input, or null if it does not want one".
// Paper: none (infrastructure)
#pragma once

#include <vector>

#include "backend/backend.h"
#include "core/autograd.h"
#include "core/tensor.h"

namespace simcse {

inline Backend& backend_of(const Tensor& tensor) { return backend_for(tensor.device()); }

// All defined inputs must live on one device: an op never moves data behind the caller's back.
inline void check_same_device(const char* op, const std::vector<Tensor>& inputs) {
  const Tensor* first = nullptr;
  for (const Tensor& t : inputs) {
    if (!t.defined()) continue;
    if (!first) first = &t;
    SIMCSE_CHECK(t.device() == first->device(), op, ": inputs are on different devices (",
                 device_name(first->device()), " and ", device_name(t.device()), "), shapes ", shapes_of(inputs));
  }
}

// Where a backward kernel should add this input's gradient; null when the input needs none.
inline Scalar* grad_target(const Tensor& input) {
  return input.defined() && input.requires_grad() ? input.grad_data() : nullptr;
}

}  // namespace simcse
