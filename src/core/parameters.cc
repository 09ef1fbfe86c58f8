// parameters.cc — ParameterStore: registration by name, lookup, gradient reset.
// Paper: none (infrastructure)
#include "core/parameters.h"

namespace simcse {

Tensor ParameterStore::add(const std::string& name, Tensor value) {
  SIMCSE_CHECK(!contains(name), "parameter '", name, "' is registered twice");
  SIMCSE_CHECK(value.is_leaf(), "parameter '", name, "' must be a leaf tensor, not an op's output");
  value.set_requires_grad(true);
  entries_.emplace_back(name, value);
  return value;
}

Tensor ParameterStore::get(const std::string& name) const {
  for (const auto& [entry_name, tensor] : entries_)
    if (entry_name == name) return tensor;
  fail("no parameter named '", name, "'");
}

bool ParameterStore::contains(const std::string& name) const {
  for (const auto& entry : entries_)
    if (entry.first == name) return true;
  return false;
}

int64_t ParameterStore::count_scalars() const {
  int64_t total = 0;
  for (const auto& entry : entries_) total += entry.second.numel();
  return total;
}

void ParameterStore::zero_grad() const {
  for (const auto& entry : entries_) entry.second.zero_grad();
}

}  // namespace simcse
