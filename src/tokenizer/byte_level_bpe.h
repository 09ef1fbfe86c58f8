// byte_level_bpe.h — byte-level BPE, the model of GPT-2's and RoBERTa's tokenizers: a piece's UTF-8
// bytes start as one symbol each, then the adjacent pair with the best-ranked merge becomes one
// symbol, again and again. Every byte is a token, so no text is ever unknown.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/vocabulary.h"

namespace simcse {

// In vocab.json and merges.txt a byte is written as a printable character, e.g. the space as "Ġ",
// so " the" is the token "Ġthe". GPT-2's byte -> character table: the printable bytes ! .. ~, ¡ .. ¬ and ® .. ÿ stand for
// themselves; the other 68 (controls, space, DEL, NBSP, soft hyphen) become U+0100, U+0101, ... in
// byte order, so that no token text contains whitespace or a control character.
char32_t byte_to_unicode(unsigned char byte);

// One line of merges.txt (or entry of tokenizer.json's model.merges): `left` + `right` -> one token.
struct BpeMerge {
  std::string left, right;
  std::string where;  // "merges.txt:12" or "tokenizer.json: model.merges[10]", for error messages
};

class ByteLevelBpe {
 public:
  // merges[i] has rank i. Every byte's symbol, and both halves and the result of every merge, must
  // be tokens of vocab (`vocab_source` names it in errors); a merge may appear only once.
  ByteLevelBpe(const Vocabulary& vocab, const std::vector<BpeMerge>& merges, const std::string& vocab_source);

  // Appends the token ids that spell `piece` (any bytes; in practice one pre-tokenised piece).
  void append_ids(std::string_view piece, std::vector<int32_t>& ids) const;

  size_t merge_count() const { return merges_.size(); }

 private:
  struct Merge {
    int32_t rank;
    int32_t merged_id;
  };
  static uint64_t pair_key(int32_t left_id, int32_t right_id) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left_id)) << 32) | static_cast<uint32_t>(right_id);
  }
  const Merge* find_merge(int32_t left_id, int32_t right_id) const;

  std::array<int32_t, 256> byte_ids_;           // byte -> id of its one-character token
  std::unordered_map<uint64_t, Merge> merges_;  // (left id, right id) -> rank and merged id
};

}  // namespace simcse
