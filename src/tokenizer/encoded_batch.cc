// encoded_batch.cc — special tokens, truncation, token types, right padding and the attention mask.
// Paper: none (tokenization, §3; SimCSE truncates to 32 and pads each batch to its longest, App. A)
#include "tokenizer/encoded_batch.h"

#include <algorithm>

#include "core/error.h"
#include "tokenizer/truncation.h"

namespace simcse {
namespace {

// One row before padding; tokens from `second_segment_start` on get token type 1.
struct Row {
  std::vector<int32_t> ids;
  size_t second_segment_start = 0;
};

EncodedBatch pad_to_longest(const std::vector<Row>& rows, int32_t pad_id) {
  EncodedBatch batch;
  batch.batch = static_cast<int64_t>(rows.size());
  for (const Row& row : rows) batch.seq_len = std::max<int64_t>(batch.seq_len, row.ids.size());
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

}  // namespace

EncodedBatch encode_sentences(const std::vector<std::string>& texts, int max_length, const SentenceLayout& layout,
                              const AppendIds& append_ids) {
  SIMCSE_CHECK(max_length >= 2, "encode_batch: max_length must be at least 2 (room for the special tokens), got ",
               max_length);
  const size_t budget = static_cast<size_t>(max_length) - 2;
  std::vector<Row> rows(texts.size());
  std::vector<int32_t> ids;
  for (size_t i = 0; i < texts.size(); ++i) {
    ids.clear();
    append_ids(texts[i], ids);
    ids.resize(std::min(ids.size(), budget));
    Row& row = rows[i];
    row.ids.reserve(ids.size() + 2);
    row.ids.push_back(layout.cls_id);
    row.ids.insert(row.ids.end(), ids.begin(), ids.end());
    row.ids.push_back(layout.sep_id);
    row.second_segment_start = row.ids.size();
  }
  return pad_to_longest(rows, layout.pad_id);
}

EncodedBatch encode_sentence_pairs(const std::vector<std::string>& first, const std::vector<std::string>& second,
                                   int max_length, const SentenceLayout& layout, const AppendIds& append_ids) {
  SIMCSE_CHECK(first.size() == second.size(), "encode_pair_batch: ", first.size(), " first sentences but ",
               second.size(), " second sentences");
  const int special_tokens = 2 + layout.separators_between;
  SIMCSE_CHECK(max_length >= special_tokens, "encode_pair_batch: max_length must be at least ", special_tokens,
               " (room for the special tokens of a pair), got ", max_length);
  std::vector<Row> rows(first.size());
  std::vector<int32_t> first_ids, second_ids;
  for (size_t i = 0; i < first.size(); ++i) {
    first_ids.clear();
    second_ids.clear();
    append_ids(first[i], first_ids);
    append_ids(second[i], second_ids);
    const PairLengths kept = longest_first_lengths(static_cast<int64_t>(first_ids.size()),
                                                   static_cast<int64_t>(second_ids.size()),
                                                   int64_t{max_length} - special_tokens);
    Row& row = rows[i];
    row.ids.push_back(layout.cls_id);
    row.ids.insert(row.ids.end(), first_ids.begin(), first_ids.begin() + kept.first);
    row.ids.insert(row.ids.end(), layout.separators_between, layout.sep_id);
    row.second_segment_start = layout.second_sentence_has_type_1 ? row.ids.size() : SIZE_MAX;
    row.ids.insert(row.ids.end(), second_ids.begin(), second_ids.begin() + kept.second);
    row.ids.push_back(layout.sep_id);
  }
  return pad_to_longest(rows, layout.pad_id);
}

}  // namespace simcse
