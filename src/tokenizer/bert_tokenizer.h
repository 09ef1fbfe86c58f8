// bert_tokenizer.h — BERT's tokenizer as SimCSE uses it: text -> wordpieces -> ids, then batches
// of "[CLS] a [SEP]" (or "[CLS] a [SEP] b [SEP]" for pairs) truncated to max_length and padded to
// the longest row, with token types and attention mask. Ids match Hugging Face BertTokenizerFast.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3; max length 32, App. A)
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/basic_tokenizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/vocabulary.h"
#include "tokenizer/wordpiece.h"

namespace simcse {

class BertTokenizer final : public Tokenizer {
 public:
  // lowercase = true: bert-base-uncased (lowercase + strip accents); false: cased models.
  static BertTokenizer from_vocab_file(const std::string& vocab_path, bool lowercase = true);
  BertTokenizer(Vocabulary vocab, bool lowercase)
      : BertTokenizer(std::move(vocab), BertNormalization::bert(lowercase), WordPieceSettings{}) {}
  // Every switch a tokenizer.json can set (tokenizer/tokenizer_json.h reads and writes them).
  BertTokenizer(Vocabulary vocab, const BertNormalization& normalization, const WordPieceSettings& wordpiece);

  // Wordpiece ids of one text, no [CLS]/[SEP] (tokenize() gives them as text). Special tokens
  // written literally in the text ("[MASK]") stay single tokens, as in Hugging Face.
  std::vector<int32_t> encode_ids(std::string_view text) const override;

  // [CLS] a [SEP] per text; every row truncated to max_length tokens (>= 2), padded to the longest.
  EncodedBatch encode_batch(const std::vector<std::string>& texts, int max_length) const override;
  // [CLS] a [SEP] b [SEP], token types 0 then 1; pairs truncated "longest_first" (max_length >= 3).
  EncodedBatch encode_pair_batch(const std::vector<std::string>& first, const std::vector<std::string>& second,
                                 int max_length) const override;

  const Vocabulary& vocab() const override { return vocab_; }
  bool lowercase() const { return basic_.lowercase(); }
  const BertNormalization& normalization() const { return basic_.normalization(); }
  const WordPieceSettings& wordpiece_settings() const { return wordpiece_settings_; }

  // Bytes of invalid UTF-8 seen so far by this tokenizer (each became U+FFFD and was dropped).
  int64_t replaced_invalid_bytes() const { return replaced_invalid_bytes_.load(); }
  // The one-time warning: the first call that finds replaced bytes returns a message saying how
  // many (and where, via `context`); every other call returns an empty string.
  std::string take_invalid_utf8_warning(std::string_view context) const override;

 private:
  SentenceLayout layout() const;  // [CLS] a [SEP] b [SEP], token types 0 then 1
  // Appends the wordpiece ids of `text` (reusing `words` as scratch space).
  void append_ids(std::string_view text, std::vector<int32_t>& ids, WordList& words) const;
  void append_ids_without_specials(std::string_view text, std::vector<int32_t>& ids, WordList& words) const;
  // The id of the special token written at text[position], or Vocabulary::kNotFound.
  int32_t special_token_at(std::string_view text, size_t position, size_t& length) const;

  // Copyable counters: a tokenizer is a value that can be returned and stored.
  struct AtomicCount {
    std::atomic<int64_t> value{0};
    AtomicCount() = default;
    AtomicCount(const AtomicCount& other) : value(other.value.load()) {}
    AtomicCount& operator=(const AtomicCount& other) {
      value = other.value.load();
      return *this;
    }
    int64_t load() const { return value.load(); }
  };

  Vocabulary vocab_;
  BasicTokenizer basic_;
  WordPieceSettings wordpiece_settings_;
  WordPiece wordpiece_;
  std::vector<int32_t> special_ids_;  // ids of kSpecialTokens, in that order
  mutable AtomicCount replaced_invalid_bytes_;
  mutable AtomicCount warned_;
};

}  // namespace simcse
