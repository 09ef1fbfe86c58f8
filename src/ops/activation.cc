// activation.cc — the activation op: one forward kernel, one backward kernel, four functions.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "ops/activation.h"

#include "ops/op_support.h"

namespace simcse {

Tensor activation(const Tensor& x, Activation kind) {
  Tensor out = Tensor::empty(x.shape(), x.device());
  backend_of(x).activation_forward(kind, x.data(), out.data(), x.numel());
  record_op(out, activation_name(kind), {x}, [x, kind](const Tensor& out) {
    backend_of(out).activation_backward(kind, x.data(), out.data(), out.grad().data(), x.grad_data(), x.numel());
  });
  return out;
}

Activation activation_from_name(const std::string& name) {
  for (Activation kind : {Activation::gelu, Activation::gelu_tanh, Activation::relu, Activation::tanh})
    if (name == activation_name(kind)) return kind;
  fail("unsupported activation '", name, "' (supported: gelu, gelu_new, relu, tanh)");
}

const char* activation_name(Activation kind) {
  switch (kind) {
    case Activation::gelu: return "gelu";
    case Activation::gelu_tanh: return "gelu_new";
    case Activation::relu: return "relu";
    case Activation::tanh: return "tanh";
  }
  return "?";
}

}  // namespace simcse
