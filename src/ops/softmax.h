// softmax.h — softmax over the last axis with an optional padding mask (BERT's attention).
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

#include "core/tensor.h"

namespace simcse {

// x [..., cols]; mask [mask_rows, cols] with 1 = attend, 0 = padding, or undefined for no mask.
// The rows of x are split into mask_rows equal consecutive groups, each using one mask row: for
// attention scores [batch, heads, seq, seq] and an attention_mask [batch, seq], batch b's rows use
// mask row b. Padding gets BERT's additive (1 - mask) * lowest bias, so its probability is 0.
Tensor masked_softmax(const Tensor& x, const Tensor& mask = Tensor());

}  // namespace simcse
