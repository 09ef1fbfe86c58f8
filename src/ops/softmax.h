// softmax.h — softmax over the last axis with an optional padding mask (BERT's attention) and an
// optional causal mask (a decoder's self-attention: TSDAE's decoder, BertLMHeadModel).
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

#include "core/tensor.h"

namespace simcse {

// x [..., cols]; mask [mask_rows, cols] with 1 = attend, 0 = padding, or undefined for no mask.
// The rows of x are split into mask_rows equal consecutive groups, each using one mask row: for
// attention scores [batch, heads, seq, seq] and an attention_mask [batch, seq], batch b's rows use
// mask row b. Padding gets BERT's additive (1 - mask) * lowest bias, so its probability is 0.
// causal (a decoder's self-attention): x's last two axes are [seq, seq] (query, key), and each query
// also gets probability 0 on every key after it, so position i sees only positions <= i.
Tensor masked_softmax(const Tensor& x, const Tensor& mask = Tensor(), bool causal = false);

}  // namespace simcse
