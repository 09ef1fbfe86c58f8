// basic_tokenizer.h — BERT's text normalisation and word splitting, the step before WordPiece.
// It does what Hugging Face's BertNormalizer + BertPreTokenizer do: drop NUL, U+FFFD and control
// characters, turn whitespace into spaces, put spaces around CJK ideographs, and in uncased mode
// decompose (NFD), drop accents (Mn) and lowercase; then split on whitespace and punctuation.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "tokenizer/word_list.h"

namespace simcse {

// The four switches of Hugging Face's BertNormalizer (tokenizer.json's "normalizer"). BERT's
// checkpoints tie strip_accents to lowercase (tokenizer.json's "strip_accents": null).
struct BertNormalization {
  bool clean_text = true;            // drop NUL, U+FFFD and control characters; whitespace -> space
  bool handle_chinese_chars = true;  // spaces around CJK ideographs, so each is a word
  bool strip_accents = true;         // NFD, then drop non-spacing marks (Mn)
  bool lowercase = true;

  static BertNormalization bert(bool lowercase) { return {true, true, lowercase, lowercase}; }
  bool operator==(const BertNormalization&) const = default;
};

class BasicTokenizer {
 public:
  // lowercase = true is bert-base-uncased (lowercase and strip accents); false keeps both.
  explicit BasicTokenizer(bool lowercase) : BasicTokenizer(BertNormalization::bert(lowercase)) {}
  explicit BasicTokenizer(const BertNormalization& normalization);

  bool lowercase() const { return normalization_.lowercase; }
  const BertNormalization& normalization() const { return normalization_; }

  // Appends the words of `text` to `words`; every punctuation mark is a word of its own.
  // Returns how many bytes were not valid UTF-8 (they became U+FFFD, which cleaning drops).
  int64_t split(std::string_view text, WordList& words) const;

 private:
  // What the whole pipeline does to one ASCII character, precomputed from the same Unicode
  // functions the general path calls, so the fast path cannot disagree with it.
  enum class AsciiAction : uint8_t { drop, end_word, own_word, append };
  struct AsciiRule {
    AsciiAction action;
    char normalized;  // the character after lowercasing (for append)
  };

  // The general path for a run of non-ASCII bytes (a run starts and ends next to ASCII
  // characters, which are never combining marks, so NFD reordering never crosses its ends).
  int64_t split_non_ascii(std::string_view run, WordList& words) const;

  BertNormalization normalization_;
  std::array<AsciiRule, 128> ascii_rules_;
};

}  // namespace simcse
