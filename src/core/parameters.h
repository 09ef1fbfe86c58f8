// parameters.h — a model's trainable tensors, registered under their Hugging Face names
// ("encoder.layer.0.attention.self.query.weight"), in registration order. Checkpoint loading,
// saving and the optimiser all walk this one list, so a name is spelled in exactly one place.
// Paper: none (infrastructure)
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace simcse {

class ParameterStore {
 public:
  // Registers `value` (marked as requiring gradients) and returns the stored handle.
  Tensor add(const std::string& name, Tensor value);
  Tensor get(const std::string& name) const;  // an error naming the parameter if absent
  bool contains(const std::string& name) const;
  const std::vector<std::pair<std::string, Tensor>>& all() const { return entries_; }
  int64_t count_scalars() const;
  void zero_grad() const;

 private:
  std::vector<std::pair<std::string, Tensor>> entries_;
};

}  // namespace simcse
