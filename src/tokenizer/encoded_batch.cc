// encoded_batch.cc — right padding, token types and the attention mask of a batch.
// Paper: none (tokenization, §3; SimCSE pads each batch to its longest sentence, App. A)
#include "tokenizer/encoded_batch.h"

#include <algorithm>

namespace simcse {

EncodedBatch pad_to_longest(const std::vector<EncodedRow>& rows, int32_t pad_id) {
  EncodedBatch batch;
  batch.batch = static_cast<int64_t>(rows.size());
  for (const EncodedRow& row : rows) batch.seq_len = std::max<int64_t>(batch.seq_len, row.ids.size());
  const size_t cells = static_cast<size_t>(batch.batch * batch.seq_len);
  batch.input_ids.assign(cells, pad_id);
  batch.token_type_ids.assign(cells, 0);
  batch.attention_mask.assign(cells, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    const size_t row_start = r * static_cast<size_t>(batch.seq_len);
    for (size_t t = 0; t < rows[r].ids.size(); ++t) {
      batch.input_ids[row_start + t] = rows[r].ids[t];
      batch.token_type_ids[row_start + t] = t >= rows[r].second_segment_start ? 1 : 0;
      batch.attention_mask[row_start + t] = 1;
    }
  }
  return batch;
}

}  // namespace simcse
