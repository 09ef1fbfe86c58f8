// gpt2_pretokenizer.h — GPT-2's pre-tokenisation (Hugging Face's ByteLevel pre-tokenizer): cuts a
// text into the pieces byte-level BPE then spells, by GPT-2's pattern, written as a scanner over
// utf8proc's character classes (char_classes.h) rather than run by a regex engine.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace simcse {

// The pattern, tried in this order at each position:
//     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// English contractions; runs of letters, of numbers, of other characters, each taking at most one
// space in front; whitespace, whose last character is left to the word after it.
class Gpt2PreTokenizer {
 public:
  Gpt2PreTokenizer();

  // Appends the pieces of `text` (valid UTF-8) to `pieces`: views into text that cover it in order.
  void split(std::string_view text, std::vector<std::string_view>& pieces) const;

 private:
  // What the pattern distinguishes. `space` is U+0020 alone: only it may lead a word (" ?").
  enum class CharClass : uint8_t { letter, number, other, space, whitespace };
  struct Char {
    CharClass type;
    int length;  // bytes
  };
  Char char_at(std::string_view text, size_t position) const;
  // End of the run of characters of `type` starting at `position`.
  size_t end_of_run(std::string_view text, size_t position, CharClass type) const;
  // End of the piece starting at `position` (where the scanner tries the pattern's alternatives in order).
  size_t end_of_piece(std::string_view text, size_t position) const;

  std::array<CharClass, 128> ascii_classes_;  // from the same Unicode functions as the general path
};

}  // namespace simcse
