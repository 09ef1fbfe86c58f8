// roberta_tokenizer.h — RoBERTa's tokenizer (GPT-2's byte-level BPE): added tokens, GPT-2's pieces,
// BPE ids, then "<s> a </s>" or "<s> a </s></s> b </s>" rows, truncated "longest_first", padded with
// <pad>, one token type. Ids match Hugging Face RobertaTokenizerFast.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3; max length 32, App. A)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/added_tokens.h"
#include "tokenizer/bpe_files.h"
#include "tokenizer/byte_level_bpe.h"
#include "tokenizer/gpt2_pretokenizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/vocabulary.h"

namespace simcse {

// Text must be valid UTF-8: a byte-level tokenizer could spell any bytes, but no Hugging Face
// checkpoint ever saw invalid ones (a Python string cannot hold them), so they are an error, not a guess.
class RobertaTokenizer final : public Tokenizer {
 public:
  // vocab.json + merges.txt, as RobertaTokenizerFast(vocab_file, merges_file, add_prefix_space=...).
  static RobertaTokenizer from_files(const std::string& vocab_json, const std::string& merges_txt,
                                     bool add_prefix_space = false);
  // One tokenizer.json (RobertaTokenizerFast(tokenizer_file=...)).
  static RobertaTokenizer from_tokenizer_json(const std::string& path);
  explicit RobertaTokenizer(const BpeFiles& files);

  // BPE ids of one text, no <s>/</s>. Added tokens written in the text ("<mask>") stay single
  // tokens. Error if the text is not valid UTF-8 (naming the byte offset).
  std::vector<int32_t> encode_ids(std::string_view text) const override;

  // <s> a </s> per text; every row truncated to max_length tokens (>= 2), padded to the longest.
  EncodedBatch encode_batch(const std::vector<std::string>& texts, int max_length) const override;
  // <s> a </s></s> b </s>; pairs truncated "longest_first" (max_length >= 4). Token types all 0.
  EncodedBatch encode_pair_batch(const std::vector<std::string>& first, const std::vector<std::string>& second,
                                 int max_length) const override;

  const Vocabulary& vocab() const override { return vocab_; }
  bool add_prefix_space() const { return add_prefix_space_; }

  // Invalid UTF-8 is an error here, never replaced: there is nothing to warn about.
  std::string take_invalid_utf8_warning(std::string_view) const override { return ""; }

 private:
  // Scratch space reused across the texts of one call.
  struct Buffers {
    std::vector<TextSegment> segments;
    std::vector<std::string_view> pieces;
    std::string prefixed;  // a segment with the space add_prefix_space puts in front
  };
  void append_ids(std::string_view text, std::vector<int32_t>& ids, Buffers& buffers) const;
  SentenceLayout layout() const;  // <s> a </s></s> b </s>, one token type

  Vocabulary vocab_;
  ByteLevelBpe bpe_;
  AddedTokens added_tokens_;
  Gpt2PreTokenizer pre_tokenizer_;
  bool add_prefix_space_;
};

}  // namespace simcse
