// bpe_files.h — a byte-level BPE tokenizer read from disk as Hugging Face reads it: vocab.json +
// merges.txt, or one tokenizer.json. Only what RoBERTa uses is accepted; anything else, and any
// inconsistency, is an error naming the file and the line or field.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#pragma once

#include <string>
#include <vector>

#include "tokenizer/added_tokens.h"
#include "tokenizer/byte_level_bpe.h"

namespace simcse {

// vocab.json: {"token": id, ...}. merges.txt: one merge "left right" per line, rank = order, after an
// optional "#version" line. tokenizer.json: the same model (model.vocab, model.merges) with a BPE
// model, a ByteLevel pre-tokenizer running GPT-2's pattern, no normaliser, a RobertaProcessing
// post-processor, and its added tokens.
struct BpeFiles {
  std::vector<std::string> tokens;  // the vocabulary by id: ids must be 0 .. size-1, each used once
  std::string vocab_source;         // names the vocabulary in error messages
  std::vector<BpeMerge> merges;     // merges[i] has rank i
  std::vector<AddedToken> added_tokens;
  bool add_prefix_space = false;    // ByteLevel's: a space before each text that lacks one
  std::string cls_token = "<s>", sep_token = "</s>";  // RobertaProcessing's <s> A </s></s> B </s>
};

// RobertaTokenizerFast(vocab_file, merges_file): RoBERTa's five special tokens are the added tokens
// (those the vocabulary holds; a missing one is reported when the vocabulary is checked).
BpeFiles read_vocab_and_merges(const std::string& vocab_json, const std::string& merges_txt, bool add_prefix_space);

// A tokenizer.json (transformers' "fast" tokenizer file). Its truncation and padding (call-time
// settings, which transformers replaces at every call) and its decoder (text output) are not read.
BpeFiles read_tokenizer_json(const std::string& path);

}  // namespace simcse
