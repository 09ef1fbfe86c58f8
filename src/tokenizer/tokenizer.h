// tokenizer.h — what the rest of the project asks of a tokenizer, whichever a model was trained
// with: BERT's WordPiece (bert_tokenizer.h) or RoBERTa's byte-level BPE (roberta_tokenizer.h).
// Code that only encodes sentences holds a `const Tokenizer&` (load_tokenizer.h picks one).
// Paper: none (tokenization; SimCSE uses each checkpoint's own tokenizer unchanged, §3)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/encoded_batch.h"
#include "tokenizer/vocabulary.h"

namespace simcse {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // The token ids of one text, without the special tokens around it ([CLS]/[SEP], <s>/</s>).
  virtual std::vector<int32_t> encode_ids(std::string_view text) const = 0;
  // One sentence per row, each with its special tokens, truncated to max_length, padded to the longest.
  virtual EncodedBatch encode_batch(const std::vector<std::string>& texts, int max_length) const = 0;
  // Sentence pairs per row, truncated "longest_first" to max_length, padded to the longest.
  virtual EncodedBatch encode_pair_batch(const std::vector<std::string>& first,
                                         const std::vector<std::string>& second, int max_length) const = 0;

  // Token text <-> id, and the ids of the five special tokens (pad, unk, cls, sep, mask).
  virtual const Vocabulary& vocab() const = 0;

  // A tokenizer that replaces invalid UTF-8 says so once, with the count of bytes replaced (the
  // first call after some were replaced returns the message, every other call ""). One that
  // refuses invalid UTF-8 (it throws an Error instead) always returns "".
  virtual std::string take_invalid_utf8_warning(std::string_view context) const = 0;

  // The tokens of encode_ids(text), as text.
  std::vector<std::string> tokenize(std::string_view text) const {
    std::vector<std::string> tokens;
    for (int32_t id : encode_ids(text)) tokens.push_back(vocab().token(id));
    return tokens;
  }
};

}  // namespace simcse
