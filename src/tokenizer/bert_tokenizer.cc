// bert_tokenizer.cc — special tokens in the raw text, wordpiece ids, and BERT's sentence layout
// ([CLS] a [SEP] b [SEP]) for the batch assembly of encoded_batch.h.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3; max length 32, App. A)
#include "tokenizer/bert_tokenizer.h"

#include "core/error.h"

namespace simcse {

BertTokenizer BertTokenizer::from_vocab_file(const std::string& vocab_path, bool lowercase) {
  return BertTokenizer(Vocabulary::from_file(vocab_path), lowercase);
}

BertTokenizer::BertTokenizer(Vocabulary vocab, const BertNormalization& normalization,
                             const WordPieceSettings& wordpiece)
    : vocab_(std::move(vocab)), basic_(normalization), wordpiece_settings_(wordpiece), wordpiece_(vocab_, wordpiece) {
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

SentenceLayout BertTokenizer::layout() const {
  return {vocab_.cls_id(), vocab_.sep_id(), vocab_.pad_id(), /*separators_between=*/1,
          /*second_sentence_has_type_1=*/true};
}

EncodedBatch BertTokenizer::encode_batch(const std::vector<std::string>& texts, int max_length) const {
  WordList words;
  return encode_sentences(texts, max_length, layout(),
                          [&](const std::string& text, std::vector<int32_t>& ids) { append_ids(text, ids, words); });
}

EncodedBatch BertTokenizer::encode_pair_batch(const std::vector<std::string>& first,
                                              const std::vector<std::string>& second, int max_length) const {
  WordList words;
  return encode_sentence_pairs(first, second, max_length, layout(),
                               [&](const std::string& text, std::vector<int32_t>& ids) { append_ids(text, ids, words); });
}

std::string BertTokenizer::take_invalid_utf8_warning(std::string_view context) const {
  const int64_t replaced = replaced_invalid_bytes();
  if (replaced == 0 || warned_.value.exchange(1) != 0) return "";
  return std::string("warning: ") + std::string(context) + ": " + std::to_string(replaced) +
         " byte(s) of invalid UTF-8 were replaced by U+FFFD (which text cleaning drops)";
}

}  // namespace simcse
