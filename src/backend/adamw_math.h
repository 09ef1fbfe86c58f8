// adamw_math.h — one AdamW update of one parameter value, exactly as torch.optim.AdamW computes it
// (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019).
// Paper: App. A (training details: the optimizer behind SimCSE's learning rates and batch sizes)
#pragma once

// One definition serves the CPU loop and the CUDA kernel (SIMCSE_HOST_DEVICE), so both backends
// compute the same thing.
// For step t, learning rate lr, weight decay wd, gradient g:
//   p <- p * (1 - lr * wd)                       decoupled decay: not added to g, not in the moments
//   m <- lerp(m, g, 1 - beta1)                   = beta1 m + (1 - beta1) g
//   v <- v * beta2 + (1 - beta2) * g * g
//   p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// Bias correction divides the moments by (1 - beta^t), undoing their start at zero; eps is added
// after the square root of the corrected v. The per-step numbers are computed once, in double (as
// Python computes them in torch), then rounded to Scalar, as torch rounds a Python number that
// multiplies a float tensor. Values agree with torch's to float rounding, not bit for bit: torch's
// vectorised CPU kernels fuse some multiply-adds.

#include <cmath>

#include "backend/backend.h"

namespace simcse::math {

// The per-step scalars of AdamW, shared by every element of every parameter tensor.
struct AdamWCoefficients {
  Scalar decay;                  // 1 - lr * wd
  Scalar moment_weight;          // 1 - beta1, the lerp weight
  Scalar beta2, one_minus_beta2;
  Scalar bias_correction2_sqrt;  // sqrt(1 - beta2^t)
  Scalar eps;
  Scalar step_size;              // lr / (1 - beta1^t)
};

inline AdamWCoefficients adamw_coefficients(const AdamWSettings& s, int64_t step) {
  const double t = static_cast<double>(step);
  AdamWCoefficients c;
  c.decay = static_cast<Scalar>(1 - s.learning_rate * s.weight_decay);
  c.moment_weight = static_cast<Scalar>(1 - s.beta1);
  c.beta2 = static_cast<Scalar>(s.beta2);
  c.one_minus_beta2 = static_cast<Scalar>(1 - s.beta2);
  c.bias_correction2_sqrt = static_cast<Scalar>(std::sqrt(1 - std::pow(s.beta2, t)));
  c.eps = static_cast<Scalar>(s.eps);
  c.step_size = static_cast<Scalar>(s.learning_rate / (1 - std::pow(s.beta1, t)));
  return c;
}

SIMCSE_HOST_DEVICE inline void adamw_element(Scalar& param, Scalar grad, Scalar& exp_avg, Scalar& exp_avg_sq,
                                             const AdamWCoefficients& c) {
  param = param * c.decay;
  // torch.lerp(start, end, w) = start + w (end - start), or end - (end - start)(1 - w) when w >= 0.5
  // (the form that is exact at w = 1).
  exp_avg = c.moment_weight < Scalar(0.5) ? exp_avg + c.moment_weight * (grad - exp_avg)
                                          : grad - (grad - exp_avg) * (Scalar(1) - c.moment_weight);
  exp_avg_sq = exp_avg_sq * c.beta2 + c.one_minus_beta2 * grad * grad;
  const Scalar denominator = std::sqrt(exp_avg_sq) / c.bias_correction2_sqrt + c.eps;
  param = param + -c.step_size * (exp_avg / denominator);
}

}  // namespace simcse::math
