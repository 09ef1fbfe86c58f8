// autograd.h — the reverse-mode autodiff graph, in the spirit of micrograd.
// Every op runs its forward kernel, then calls `record_op`, which
//   1. checks the output is finite (a NaN is reported by the op that made it, with the shapes), and
//   2. if gradients are wanted, attaches a GraphNode to the output: the inputs and a closure that
//      adds the output's gradient, pushed through the op's derivative, into the inputs' gradients.
// Tensor::backward() sorts the nodes reachable from the loss topologically and runs the closures
// from the loss back to the leaves (the parameters), whose gradients accumulate across uses.
// As in PyTorch, only leaves keep their gradient: an intermediate tensor's gradient buffer is freed
// as soon as its node has pushed it to the inputs.
// Paper: none (infrastructure)
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace simcse {

// Receives the output (whose gradient is ready) and adds into the inputs' gradients.
using BackwardFn = std::function<void(const Tensor& output)>;

struct GraphNode {
  const char* op;               // the op's name, for messages
  std::vector<Tensor> inputs;   // edges of the graph
  BackwardFn backward;
};

// Is the graph being recorded? False inside a NoGradGuard (inference: no graph, no saved tensors).
bool grad_enabled();

class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// Does any input want a gradient (and is recording on)? Ops use it to skip saving for backward.
bool needs_grad(const std::vector<Tensor>& inputs);

// Finishes an op: finite check of `output`, then (when needs_grad(inputs)) the graph edge.
void record_op(Tensor& output, const char* op, const std::vector<Tensor>& inputs, BackwardFn backward);

// NaN/Inf checks after every op are on by default; a tight inference loop may turn them off.
void set_check_finite(bool enabled);
bool check_finite_enabled();

// "[2, 3] and [3, 4]": the shapes of an op's inputs, for error messages.
std::string shapes_of(const std::vector<Tensor>& tensors);

}  // namespace simcse
