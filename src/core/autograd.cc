// autograd.cc — recording ops into the graph, and the backward walk over it.
// Paper: none (infrastructure)
#include "core/autograd.h"

#include <unordered_set>

#include "backend/backend.h"

namespace simcse {

static thread_local bool grad_mode = true;
static bool finite_checks = true;

bool grad_enabled() { return grad_mode; }
NoGradGuard::NoGradGuard() : previous_(grad_mode) { grad_mode = false; }
NoGradGuard::~NoGradGuard() { grad_mode = previous_; }

void set_check_finite(bool enabled) { finite_checks = enabled; }
bool check_finite_enabled() { return finite_checks; }

std::string shapes_of(const std::vector<Tensor>& tensors) {
  std::string text;
  for (const Tensor& t : tensors) {
    if (!t.defined()) continue;
    text += (text.empty() ? "" : " and ") + t.shape().str();
  }
  return text;
}

bool needs_grad(const std::vector<Tensor>& inputs) {
  if (!grad_mode) return false;
  for (const Tensor& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

void record_op(Tensor& output, const char* op, const std::vector<Tensor>& inputs, BackwardFn backward) {
  if (finite_checks) {
    int64_t bad = backend_for(output.device()).count_nonfinite(output.data(), output.numel());
    SIMCSE_CHECK(bad == 0, op, ": produced ", bad, " NaN/Inf value(s) in its output ", output.shape(),
                 " from input(s) ", shapes_of(inputs));
  }
  if (!needs_grad(inputs)) return;
  std::vector<Tensor> edges;
  for (const Tensor& t : inputs)
    if (t.defined()) edges.push_back(t);
  output.impl().requires_grad = true;
  output.impl().node = std::make_shared<GraphNode>(GraphNode{op, std::move(edges), std::move(backward)});
}

// Depth-first post-order over the graph gives a topological order (every tensor after its inputs).
// An explicit stack keeps a deep graph (hundreds of ops in BERT) off the C++ call stack.
static std::vector<Tensor> topological_order(const Tensor& root) {
  std::vector<Tensor> order;
  std::unordered_set<const TensorImpl*> visited{&root.impl()};
  std::vector<std::pair<Tensor, size_t>> stack{{root, 0}};  // (tensor, next input to visit)
  while (!stack.empty()) {
    auto& [tensor, next_input] = stack.back();
    const GraphNode* node = tensor.impl().node.get();
    if (node && next_input < node->inputs.size()) {
      const Tensor& input = node->inputs[next_input++];
      if (visited.insert(&input.impl()).second) stack.push_back({input, 0});
    } else {
      order.push_back(tensor);
      stack.pop_back();
    }
  }
  return order;
}

void Tensor::backward() const {
  SIMCSE_CHECK(numel() == 1, "backward() without an output gradient needs a one-element tensor, got ",
               shape());
  backward(full(shape(), 1, device()));
}

void Tensor::backward(const Tensor& output_grad) const {
  SIMCSE_CHECK(requires_grad(), "backward(): this tensor does not require gradients (no input did)");
  SIMCSE_CHECK(output_grad.shape() == shape(), "backward(): output gradient ", output_grad.shape(),
               " does not match tensor ", shape());
  backend_for(device()).axpy(1, output_grad.data(), grad_data(), numel());
  std::vector<Tensor> order = topological_order(*this);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    std::shared_ptr<GraphNode> node = std::move(it->impl().node);  // releases the graph as it goes
    if (!node) continue;                                           // a leaf: its gradient stays
    if (it->has_grad()) node->backward(*it);
    it->impl().grad.reset();  // an intermediate's gradient is spent once pushed to its inputs
  }
}

}  // namespace simcse
