// pooling.h — the masked mean over tokens behind SimCSE's `avg`, `avg_top2` and `avg_first_last`
// poolers: padding tokens must not dilute the sentence vector.
// Paper: §6.3 Ablation studies (pooling methods)
#pragma once

#include "core/tensor.h"

namespace simcse {

// hidden [batch, seq, h], mask [batch, seq] (1 = token, 0 = padding) -> [batch, h]:
// sum_s mask[b, s] hidden[b, s, :] / sum_s mask[b, s].
Tensor masked_mean(const Tensor& hidden, const Tensor& mask);

}  // namespace simcse
