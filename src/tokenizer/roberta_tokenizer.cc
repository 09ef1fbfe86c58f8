// roberta_tokenizer.cc — added tokens, pre-tokenisation and BPE per text; <s>/</s>, truncation and
// padding per batch.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3; max length 32, App. A)
#include "tokenizer/roberta_tokenizer.h"

#include <algorithm>

#include "core/error.h"
#include "tokenizer/truncation.h"
#include "tokenizer/utf8.h"

namespace simcse {

RobertaTokenizer RobertaTokenizer::from_files(const std::string& vocab_json, const std::string& merges_txt,
                                              bool add_prefix_space) {
  return RobertaTokenizer(read_vocab_and_merges(vocab_json, merges_txt, add_prefix_space));
}

RobertaTokenizer RobertaTokenizer::from_tokenizer_json(const std::string& path) {
  return RobertaTokenizer(read_tokenizer_json(path));
}

RobertaTokenizer::RobertaTokenizer(const BpeFiles& files)
    : vocab_(Vocabulary::from_tokens(files.tokens, files.vocab_source,
                                     {kRobertaSpecialTokens.pad, kRobertaSpecialTokens.unk, files.cls_token,
                                      files.sep_token, kRobertaSpecialTokens.mask})),
      bpe_(vocab_, files.merges, files.vocab_source),
      added_tokens_(files.added_tokens),
      add_prefix_space_(files.add_prefix_space) {}

void RobertaTokenizer::append_ids(std::string_view text, std::vector<int32_t>& ids, Buffers& buffers) const {
  const size_t invalid = utf8::find_invalid(text);
  SIMCSE_CHECK(invalid == std::string_view::npos, "byte ", invalid + 1, " of the text is not valid UTF-8 (0x",
               std::hex, static_cast<int>(static_cast<unsigned char>(text[invalid])), std::dec,
               "); RoBERTa's tokenizer needs valid UTF-8 text");
  buffers.segments.clear();
  added_tokens_.split(text, buffers.segments);
  for (const TextSegment& segment : buffers.segments) {
    if (segment.added_token_id >= 0) {
      ids.push_back(segment.added_token_id);
      continue;
    }
    std::string_view segment_text = segment.text;
    // add_prefix_space: every stretch of text between added tokens starts with a space, so its first
    // word is spelled as in the middle of a sentence (" Hello" -> "ĠHello", not "Hello").
    if (add_prefix_space_ && !segment_text.starts_with(' ')) {
      buffers.prefixed.assign(1, ' ');
      buffers.prefixed += segment_text;
      segment_text = buffers.prefixed;
    }
    buffers.pieces.clear();
    pre_tokenizer_.split(segment_text, buffers.pieces);
    for (std::string_view piece : buffers.pieces) bpe_.append_ids(piece, ids);
  }
}

std::vector<int32_t> RobertaTokenizer::encode_ids(std::string_view text) const {
  std::vector<int32_t> ids;
  Buffers buffers;
  append_ids(text, ids, buffers);
  return ids;
}

EncodedBatch RobertaTokenizer::encode_batch(const std::vector<std::string>& texts, int max_length) const {
  SIMCSE_CHECK(max_length >= 2, "encode_batch: max_length must be at least 2 (room for <s> and </s>), got ", max_length);
  const size_t budget = static_cast<size_t>(max_length) - 2;
  std::vector<EncodedRow> rows(texts.size());
  std::vector<int32_t> ids;
  Buffers buffers;
  for (size_t i = 0; i < texts.size(); ++i) {
    ids.clear();
    append_ids(texts[i], ids, buffers);
    ids.resize(std::min(ids.size(), budget));
    EncodedRow& row = rows[i];
    row.ids.reserve(ids.size() + 2);
    row.ids.push_back(vocab_.cls_id());
    row.ids.insert(row.ids.end(), ids.begin(), ids.end());
    row.ids.push_back(vocab_.sep_id());
    row.second_segment_start = row.ids.size();  // one token type
  }
  return pad_to_longest(rows, vocab_.pad_id());
}

EncodedBatch RobertaTokenizer::encode_pair_batch(const std::vector<std::string>& first,
                                                 const std::vector<std::string>& second, int max_length) const {
  SIMCSE_CHECK(first.size() == second.size(), "encode_pair_batch: ", first.size(), " first sentences but ",
               second.size(), " second sentences");
  SIMCSE_CHECK(max_length >= 4, "encode_pair_batch: max_length must be at least 4 (room for <s>, </s></s> and </s>), got ",
               max_length);
  std::vector<EncodedRow> rows(first.size());
  std::vector<int32_t> first_ids, second_ids;
  Buffers buffers;
  for (size_t i = 0; i < first.size(); ++i) {
    first_ids.clear();
    second_ids.clear();
    append_ids(first[i], first_ids, buffers);
    append_ids(second[i], second_ids, buffers);
    const PairLengths kept = longest_first_lengths(static_cast<int64_t>(first_ids.size()),
                                                   static_cast<int64_t>(second_ids.size()), int64_t{max_length} - 4);
    EncodedRow& row = rows[i];
    row.ids.push_back(vocab_.cls_id());
    row.ids.insert(row.ids.end(), first_ids.begin(), first_ids.begin() + kept.first);
    row.ids.push_back(vocab_.sep_id());
    row.ids.push_back(vocab_.sep_id());
    row.ids.insert(row.ids.end(), second_ids.begin(), second_ids.begin() + kept.second);
    row.ids.push_back(vocab_.sep_id());
    row.second_segment_start = row.ids.size();  // one token type
  }
  return pad_to_longest(rows, vocab_.pad_id());
}

}  // namespace simcse
