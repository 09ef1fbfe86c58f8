// encoded_batch.h — a tokenised batch as the encoder reads it ([batch, seq_len] ids, token types,
// attention mask), and the step both tokenizers end with: rows of ids padded on the right to the
// longest row, 1 in the mask for every real token and 0 for padding.
// Paper: none (tokenization, §3; SimCSE pads each batch to its longest sentence, App. A)
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace simcse {

// max_length that never truncates (what `simcse tokenize` uses without --max_length).
inline constexpr int kNoTruncation = std::numeric_limits<int>::max();

struct EncodedBatch {
  int64_t batch = 0, seq_len = 0;        // seq_len = longest sequence in the batch (padding target)
  std::vector<int32_t> input_ids;        // [batch, seq_len] row-major, padded with the pad token's id
  std::vector<int32_t> token_type_ids;   // [batch, seq_len]
  std::vector<int32_t> attention_mask;   // [batch, seq_len], 1 = token, 0 = padding
};

// One row before padding, special tokens included; tokens from `second_segment_start` on get token
// type 1 (BERT's second sentence). RoBERTa has one token type: its rows set it to ids.size().
struct EncodedRow {
  std::vector<int32_t> ids;
  size_t second_segment_start = 0;
};

EncodedBatch pad_to_longest(const std::vector<EncodedRow>& rows, int32_t pad_id);

}  // namespace simcse
