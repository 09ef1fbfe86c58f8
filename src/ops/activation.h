// activation.h — BERT's activation functions as autodiff ops: gelu (erf form), gelu_new (tanh
// form), relu, tanh (the pooler's and SimCSE's MLP's). The formulas are in backend/activation_math.h.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

#include "backend/backend.h"
#include "core/tensor.h"

namespace simcse {

Tensor activation(const Tensor& x, Activation kind);
inline Tensor gelu(const Tensor& x) { return activation(x, Activation::gelu); }
inline Tensor gelu_new(const Tensor& x) { return activation(x, Activation::gelu_tanh); }
inline Tensor relu(const Tensor& x) { return activation(x, Activation::relu); }
inline Tensor tanh(const Tensor& x) { return activation(x, Activation::tanh); }

// "gelu" / "gelu_new" / "relu" / "tanh" (config.json's hidden_act names) and back.
Activation activation_from_name(const std::string& name);
const char* activation_name(Activation kind);

}  // namespace simcse
