// layer_norm.h — LayerNorm over the last axis, forward and backward.
// BERT normalises after every residual add (post-LN); eps comes from config.json (1e-12).
// Backward reuses the mean and 1/std saved by the forward instead of recomputing them.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

#include "core/tensor.h"

namespace simcse {

// x [..., hidden], gamma and beta [hidden]: (x - mean) / sqrt(var + eps) * gamma + beta per row.
Tensor layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, Scalar eps);

}  // namespace simcse
