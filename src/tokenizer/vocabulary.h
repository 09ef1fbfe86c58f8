// vocabulary.h — tokens and their ids. vocab.txt (WordPiece) holds one token per line, id = line
// index; bpe_files.h reads vocab.json into the same list. It must hold the five special tokens; an
// empty file, an empty line, a duplicate or a missing special token is an error naming the file.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace simcse {

// Token text -> id. The transparent hash (is_transparent) and std::equal_to<> let find() take a
// std::string_view, so WordPiece probes candidate pieces of a word without building a std::string
// for each (C++20's heterogeneous lookup). A hand-written open-addressing table tokenized 1.3x as
// fast, on a step that takes under 0.1% of encoding time: not worth its code (docs chapter 2, §2.9).
struct TokenTextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
using TokenIds = std::unordered_map<std::string, int32_t, TokenTextHash, std::equal_to<>>;

inline constexpr std::string_view kPadToken = "[PAD]";    // fills a batch row after its sentence
inline constexpr std::string_view kUnkToken = "[UNK]";    // a word WordPiece cannot spell
inline constexpr std::string_view kClsToken = "[CLS]";    // first token; SimCSE's default pooler reads it
inline constexpr std::string_view kSepToken = "[SEP]";    // ends each sentence
inline constexpr std::string_view kMaskToken = "[MASK]";  // masked-language-model target
inline constexpr std::array<std::string_view, 5> kSpecialTokens = {kPadToken, kUnkToken, kClsToken,
                                                                   kSepToken, kMaskToken};

// The five special tokens by role. BERT spells them [PAD] [UNK] [CLS] [SEP] [MASK]; RoBERTa
// <pad> <unk> <s> </s> <mask>, with <s> in [CLS]'s place (first token) and </s> in [SEP]'s.
struct SpecialTokens {
  std::string_view pad, unk, cls, sep, mask;
};
inline constexpr SpecialTokens kBertSpecialTokens = {kPadToken, kUnkToken, kClsToken, kSepToken, kMaskToken};
inline constexpr SpecialTokens kRobertaSpecialTokens = {"<pad>", "<unk>", "<s>", "</s>", "<mask>"};

class Vocabulary {
 public:
  static constexpr int32_t kNotFound = -1;

  static Vocabulary from_file(const std::string& path);
  // The same checks on tokens already in memory (id = index); `source` names them in error messages.
  static Vocabulary from_tokens(std::vector<std::string> tokens, const std::string& source,
                                const SpecialTokens& specials = kBertSpecialTokens);

  int32_t size() const { return static_cast<int32_t>(tokens_.size()); }
  int32_t id_of(std::string_view token) const;  // kNotFound if absent
  const std::string& token(int32_t id) const;   // Error if out of range
  const std::vector<std::string>& tokens() const { return tokens_; }

  int32_t pad_id() const { return pad_id_; }
  int32_t unk_id() const { return unk_id_; }
  int32_t cls_id() const { return cls_id_; }
  int32_t sep_id() const { return sep_id_; }
  int32_t mask_id() const { return mask_id_; }

 private:
  Vocabulary() = default;

  std::vector<std::string> tokens_;
  TokenIds ids_;
  int32_t pad_id_ = 0, unk_id_ = 0, cls_id_ = 0, sep_id_ = 0, mask_id_ = 0;
};

// Writes one token per line, atomically (io/atomic_file.h): no reader ever sees half a vocabulary.
void write_vocab_file(const std::vector<std::string>& tokens, const std::string& path);

}  // namespace simcse
