// wordpiece.h — WordPiece: spells one word with vocabulary pieces, greedily taking the longest
// piece that matches at each position ("unaffable" -> "una", "##ffa", "##ble"). Pieces after the
// first carry the "##" prefix. A word with a position no piece matches, or longer than 100
// characters, becomes a single [UNK], exactly as in BERT and Hugging Face tokenizers.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/vocabulary.h"

namespace simcse {

inline constexpr std::string_view kContinuationPrefix = "##";
inline constexpr size_t kMaxWordChars = 100;

// tokenizer.json's WordPiece model may name another prefix or limit (model.continuing_subword_prefix,
// model.max_input_chars_per_word); BERT's are the defaults.
struct WordPieceSettings {
  std::string continuing_subword_prefix = std::string(kContinuationPrefix);
  size_t max_input_chars_per_word = kMaxWordChars;
  bool operator==(const WordPieceSettings&) const = default;
};

class WordPiece {
 public:
  explicit WordPiece(const Vocabulary& vocab, const WordPieceSettings& settings = {});

  // Appends the ids of `word`'s pieces to `ids` ([UNK] alone when it cannot be spelled).
  void append_ids(std::string_view word, std::vector<int32_t>& ids) const;

 private:
  // Pieces that may start a word are looked up by their text; pieces that continue one by their
  // text after "##", so a candidate is a plain view into the word in both cases.
  struct Pieces {
    TokenIds ids;
    size_t longest = 0;  // bytes of the longest piece: no longer candidate can match
  };
  Pieces word_starts_;
  Pieces continuations_;
  int32_t unk_id_;
  size_t max_word_chars_;
};

}  // namespace simcse
