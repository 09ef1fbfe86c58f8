// embedding.h — looking up rows of a table by integer id (word, position and token-type
// embeddings); the backward scatter-adds gradient rows back into the table.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace simcse {

// table [rows, hidden]; ids laid out as ids_shape (e.g. [batch, seq]); result [*ids_shape, hidden].
// Ids are host integers (token ids are data, not tensors); each must lie in [0, rows).
Tensor embedding(const Tensor& table, const std::vector<int32_t>& ids, const Shape& ids_shape);

}  // namespace simcse
