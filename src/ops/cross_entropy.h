// cross_entropy.h — softmax cross-entropy with integer labels, averaged over the labelled rows.
// InfoNCE (eq. 1) is this loss over the similarity matrix with label i for row i; the MLM loss is
// this loss over the vocabulary with -100 marking positions that were not masked.
// Paper: §2 Background, eq. (1); §4 eq. (5); Appendix D (MLM auxiliary objective)
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace simcse {

constexpr int32_t kIgnoreIndex = -100;  // PyTorch's default ignore_index

// logits [rows, classes], labels[rows] in [0, classes) or kIgnoreIndex -> scalar (shape []):
// mean over labelled rows of -log softmax(logits[r])[labels[r]].
Tensor cross_entropy(const Tensor& logits, const std::vector<int32_t>& labels);

}  // namespace simcse
