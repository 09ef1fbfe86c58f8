// activation_math.h — the scalar formulas of BERT's activations and their derivatives.
// One definition serves the CPU loops and the CUDA kernels (SIMCSE_HOST_DEVICE), so both backends
// compute the same function; only the CPU's erf-form GELU is written again, over Eigen arrays, for a
// measured reason (cpu/activation.cc), and tested against these. Derivations: docs chapter 1.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

#include <cmath>

#include "backend/backend.h"

namespace simcse::math {

// GELU, erf form (transformers' "gelu"): x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)).
template <typename T>
SIMCSE_HOST_DEVICE inline T gelu(T x) {
  return T(0.5) * x * (T(1) + std::erf(x * T(0.70710678118654752440)));
}
// d/dx [x Phi(x)] = Phi(x) + x phi(x), phi the standard normal density.
template <typename T>
SIMCSE_HOST_DEVICE inline T gelu_derivative(T x) {
  T cdf = T(0.5) * (T(1) + std::erf(x * T(0.70710678118654752440)));
  T density = std::exp(T(-0.5) * x * x) * T(0.39894228040143267794);  // 1 / sqrt(2 pi)
  return cdf + x * density;
}

// GELU, tanh approximation (transformers' "gelu_new"): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
template <typename T>
SIMCSE_HOST_DEVICE inline T gelu_tanh(T x) {
  T inner = T(0.79788456080286535588) * (x + T(0.044715) * x * x * x);
  return T(0.5) * x * (T(1) + std::tanh(inner));
}
// With u = sqrt(2/pi) (x + 0.044715 x^3) and t = tanh u:
// d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2).
template <typename T>
SIMCSE_HOST_DEVICE inline T gelu_tanh_derivative(T x) {
  T t = std::tanh(T(0.79788456080286535588) * (x + T(0.044715) * x * x * x));
  T du_dx = T(0.79788456080286535588) * (T(1) + T(3 * 0.044715) * x * x);
  return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * du_dx;
}

template <typename T>
SIMCSE_HOST_DEVICE inline T activation_value(Activation kind, T x) {
  switch (kind) {
    case Activation::gelu: return gelu(x);
    case Activation::gelu_tanh: return gelu_tanh(x);
    case Activation::relu: return x > T(0) ? x : T(0);
    case Activation::tanh: return std::tanh(x);
  }
  return x;
}

// f'(x), given x and y = f(x) (tanh' = 1 - y^2 reuses the forward's output).
template <typename T>
SIMCSE_HOST_DEVICE inline T activation_derivative(Activation kind, T x, T y) {
  switch (kind) {
    case Activation::gelu: return gelu_derivative(x);
    case Activation::gelu_tanh: return gelu_tanh_derivative(x);
    case Activation::relu: return x > T(0) ? T(1) : T(0);
    case Activation::tanh: return T(1) - y * y;
  }
  return T(1);
}

}  // namespace simcse::math
