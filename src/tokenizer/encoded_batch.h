// encoded_batch.h — a tokenised batch as the encoder reads it ([batch, seq_len] ids, token types,
// attention mask), and how both tokenizers build one from each sentence's ids: special tokens
// around it, truncation to max_length ("longest_first" for pairs), right padding to the longest row.
// Paper: none (tokenization, §3; SimCSE truncates to 32 and pads each batch to its longest, App. A)
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
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

// The special tokens a model puts around a sentence, [CLS] a [SEP] (BERT) or <s> a </s> (RoBERTa),
// and between the two of a pair: [CLS] a [SEP] b [SEP], or <s> a </s></s> b </s>.
struct SentenceLayout {
  int32_t cls_id, sep_id, pad_id;
  int separators_between;           // 1 for BERT, 2 for RoBERTa
  bool second_sentence_has_type_1;  // BERT's token types; RoBERTa has one type (all 0)
};

// Appends the ids of one text, without special tokens.
using AppendIds = std::function<void(const std::string& text, std::vector<int32_t>& ids)>;

// One sentence per row, cut to max_length tokens with its special tokens, padded to the longest row.
EncodedBatch encode_sentences(const std::vector<std::string>& texts, int max_length, const SentenceLayout& layout,
                              const AppendIds& append_ids);
// A pair per row, truncated "longest_first" (truncation.h), padded to the longest row.
EncodedBatch encode_sentence_pairs(const std::vector<std::string>& first, const std::vector<std::string>& second,
                                   int max_length, const SentenceLayout& layout, const AppendIds& append_ids);

}  // namespace simcse
