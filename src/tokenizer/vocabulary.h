// vocabulary.h — a WordPiece vocabulary: vocab.txt holds one token per line and a token's id is
// its line index (first line = id 0). It must hold BERT's five special tokens; an empty file, an
// empty line, a duplicate token or a missing special token is an error naming the file and line.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/token_index.h"

namespace simcse {

inline constexpr std::string_view kPadToken = "[PAD]";    // fills a batch row after its sentence
inline constexpr std::string_view kUnkToken = "[UNK]";    // a word WordPiece cannot spell
inline constexpr std::string_view kClsToken = "[CLS]";    // first token; SimCSE's default pooler reads it
inline constexpr std::string_view kSepToken = "[SEP]";    // ends each sentence
inline constexpr std::string_view kMaskToken = "[MASK]";  // masked-language-model target
inline constexpr std::array<std::string_view, 5> kSpecialTokens = {kPadToken, kUnkToken, kClsToken,
                                                                   kSepToken, kMaskToken};

class Vocabulary {
 public:
  static constexpr int32_t kNotFound = TokenIndex::kNotFound;

  static Vocabulary from_file(const std::string& path);
  // The same checks on tokens already in memory; `source` names them in error messages.
  static Vocabulary from_tokens(std::vector<std::string> tokens, const std::string& source);

  int32_t size() const { return static_cast<int32_t>(tokens_.size()); }
  int32_t id_of(std::string_view token) const { return index_.find(token); }  // kNotFound if absent
  const std::string& token(int32_t id) const;                                 // Error if out of range
  const std::vector<std::string>& tokens() const { return tokens_; }

  int32_t pad_id() const { return pad_id_; }
  int32_t unk_id() const { return unk_id_; }
  int32_t cls_id() const { return cls_id_; }
  int32_t sep_id() const { return sep_id_; }
  int32_t mask_id() const { return mask_id_; }

 private:
  Vocabulary() = default;

  std::vector<std::string> tokens_;
  TokenIndex index_;
  int32_t pad_id_ = 0, unk_id_ = 0, cls_id_ = 0, sep_id_ = 0, mask_id_ = 0;
};

// Writes one token per line, atomically (io/atomic_file.h): no reader ever sees half a vocabulary.
void write_vocab_file(const std::vector<std::string>& tokens, const std::string& path);

}  // namespace simcse
