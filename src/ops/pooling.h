// pooling.h — pooling over tokens with a mask: the masked mean behind SimCSE's `avg`, `avg_top2`
// and `avg_first_last` poolers (padding tokens must not dilute the sentence vector), and the two
// sentence-transformers poolers SimCSE lacks: the masked sum divided by sqrt(length)
// (mean_sqrt_len_tokens) and the masked max over tokens (max_tokens).
// Paper: §6.3 Ablation studies (pooling methods)
#pragma once

#include "core/tensor.h"

namespace simcse {

// hidden [batch, seq, h], mask [batch, seq] (1 = token, 0 = padding) -> [batch, h]:
// sum_s mask[b, s] hidden[b, s, :] / sum_s mask[b, s]. The mask may hold other weights (a
// weighted mean: sentence-transformers' weightedmean_tokens passes position-weighted masks).
Tensor masked_mean(const Tensor& hidden, const Tensor& mask);

// The same sum divided by sqrt(sum_s mask[b, s]) instead: sentence-transformers'
// mean_sqrt_len_tokens, a mean that lets longer sentences have longer vectors.
Tensor masked_mean_sqrt_len(const Tensor& hidden, const Tensor& mask);

// [batch, seq, h] -> [batch, h]: the largest value of each hidden unit over the real tokens
// (mask != 0), sentence-transformers' max_tokens. The gradient goes to the first token that
// reaches the max, as torch.max's.
Tensor masked_max(const Tensor& hidden, const Tensor& mask);

}  // namespace simcse
