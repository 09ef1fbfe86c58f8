// bert_tokenizer.cc — special tokens in the raw text, wordpiece ids, and batch assembly:
// [CLS]/[SEP], truncation, token types, right padding and the attention mask.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3; max length 32, App. A)
#include "tokenizer/bert_tokenizer.h"

#include <algorithm>

#include "core/error.h"
#include "tokenizer/truncation.h"

namespace simcse {
BertTokenizer BertTokenizer::from_vocab_file(const std::string& vocab_path, bool lowercase) {
  return BertTokenizer(Vocabulary::from_file(vocab_path), lowercase);
}

BertTokenizer::BertTokenizer(Vocabulary vocab, bool lowercase)
    : vocab_(std::move(vocab)), basic_(lowercase), wordpiece_(vocab_) {
  for (std::string_view special : kSpecialTokens) special_ids_.push_back(vocab_.id_of(special));
}

int32_t BertTokenizer::special_token_at(std::string_view text, size_t position, size_t& length) const {
  for (size_t i = 0; i < kSpecialTokens.size(); ++i) {
    if (text.substr(position).starts_with(kSpecialTokens[i])) {
      length = kSpecialTokens[i].size();
      return special_ids_[i];
    }
  }
  return Vocabulary::kNotFound;
}

void BertTokenizer::append_ids(std::string_view text, std::vector<int32_t>& ids, WordList& words) const {
  // Hugging Face matches special tokens in the raw text before normalising it (case-sensitively:
  // "[MASK]" is the mask token, "[mask]" is three words). The text between them is tokenized
  // on its own. None of the five is a prefix of another, so the first match is the only one.
  size_t segment_start = 0;
  for (size_t bracket = text.find('['); bracket != std::string_view::npos;
       bracket = text.find('[', bracket + 1)) {
    size_t length = 0;
    const int32_t special_id = special_token_at(text, bracket, length);
    if (special_id == Vocabulary::kNotFound) continue;
    append_ids_without_specials(text.substr(segment_start, bracket - segment_start), ids, words);
    ids.push_back(special_id);
    segment_start = bracket + length;
    bracket = segment_start - 1;  // the next search starts right after the special token
  }
  append_ids_without_specials(text.substr(segment_start), ids, words);
}

void BertTokenizer::append_ids_without_specials(std::string_view text, std::vector<int32_t>& ids,
                                                WordList& words) const {
  words.clear();
  const int64_t replaced = basic_.split(text, words);
  if (replaced > 0) replaced_invalid_bytes_.value += replaced;
  for (size_t i = 0; i < words.size(); ++i) wordpiece_.append_ids(words[i], ids);
}

std::vector<int32_t> BertTokenizer::encode_ids(std::string_view text) const {
  std::vector<int32_t> ids;
  WordList words;
  append_ids(text, ids, words);
  return ids;
}

EncodedBatch BertTokenizer::encode_batch(const std::vector<std::string>& texts, int max_length) const {
  SIMCSE_CHECK(max_length >= 2, "encode_batch: max_length must be at least 2 (room for [CLS] and [SEP]), got ",
               max_length);
  const size_t budget = static_cast<size_t>(max_length) - 2;
  std::vector<EncodedRow> rows(texts.size());
  std::vector<int32_t> ids;
  WordList words;
  for (size_t i = 0; i < texts.size(); ++i) {
    ids.clear();
    append_ids(texts[i], ids, words);
    ids.resize(std::min(ids.size(), budget));
    EncodedRow& row = rows[i];
    row.ids.reserve(ids.size() + 2);
    row.ids.push_back(vocab_.cls_id());
    row.ids.insert(row.ids.end(), ids.begin(), ids.end());
    row.ids.push_back(vocab_.sep_id());
    row.second_segment_start = row.ids.size();
  }
  return pad_to_longest(rows, vocab_.pad_id());
}

EncodedBatch BertTokenizer::encode_pair_batch(const std::vector<std::string>& first,
                                              const std::vector<std::string>& second, int max_length) const {
  SIMCSE_CHECK(first.size() == second.size(), "encode_pair_batch: ", first.size(), " first sentences but ",
               second.size(), " second sentences");
  SIMCSE_CHECK(max_length >= 3, "encode_pair_batch: max_length must be at least 3 (room for [CLS] and two [SEP]), got ",
               max_length);
  std::vector<EncodedRow> rows(first.size());
  std::vector<int32_t> first_ids, second_ids;
  WordList words;
  for (size_t i = 0; i < first.size(); ++i) {
    first_ids.clear();
    second_ids.clear();
    append_ids(first[i], first_ids, words);
    append_ids(second[i], second_ids, words);
    const PairLengths kept = longest_first_lengths(static_cast<int64_t>(first_ids.size()),
                                                   static_cast<int64_t>(second_ids.size()), int64_t{max_length} - 3);
    EncodedRow& row = rows[i];
    row.ids.push_back(vocab_.cls_id());
    row.ids.insert(row.ids.end(), first_ids.begin(), first_ids.begin() + kept.first);
    row.ids.push_back(vocab_.sep_id());
    row.second_segment_start = row.ids.size();
    row.ids.insert(row.ids.end(), second_ids.begin(), second_ids.begin() + kept.second);
    row.ids.push_back(vocab_.sep_id());
  }
  return pad_to_longest(rows, vocab_.pad_id());
}

std::string BertTokenizer::take_invalid_utf8_warning(std::string_view context) const {
  const int64_t replaced = replaced_invalid_bytes();
  if (replaced == 0 || warned_.value.exchange(1) != 0) return "";
  return std::string("warning: ") + std::string(context) + ": " + std::to_string(replaced) +
         " byte(s) of invalid UTF-8 were replaced by U+FFFD (which text cleaning drops)";
}

}  // namespace simcse
