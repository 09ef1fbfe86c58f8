// gpt2_pretokenizer.cc — the GPT-2 pattern as a scanner: at each position, the first alternative
// of the pattern that matches, with the regex's greedy runs and its one backtracking case.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#include "tokenizer/gpt2_pretokenizer.h"

#include "tokenizer/char_classes.h"
#include "tokenizer/utf8.h"

namespace simcse {
namespace {

// 's 't 'm 'd (2 bytes) and 're 've 'll (3 bytes), lowercase only; 0 when none starts at position.
size_t contraction_length(std::string_view text, size_t position) {
  const std::string_view rest = text.substr(position);
  if (rest.size() >= 2 && rest[0] == '\'') {
    if (rest[1] == 's' || rest[1] == 't' || rest[1] == 'm' || rest[1] == 'd') return 2;
    if (rest.starts_with("'re") || rest.starts_with("'ve") || rest.starts_with("'ll")) return 3;
  }
  return 0;
}

}  // namespace

Gpt2PreTokenizer::Gpt2PreTokenizer() {
  for (char32_t c = 0; c < 128; ++c) {
    ascii_classes_[c] = c == ' '             ? CharClass::space
                        : is_whitespace(c)   ? CharClass::whitespace
                        : is_letter(c)       ? CharClass::letter
                        : is_number(c)       ? CharClass::number
                                             : CharClass::other;
  }
}

Gpt2PreTokenizer::Char Gpt2PreTokenizer::char_at(std::string_view text, size_t position) const {
  const auto byte = static_cast<unsigned char>(text[position]);
  if (byte < 0x80) return {ascii_classes_[byte], 1};
  const utf8::DecodedChar decoded = utf8::decode(text, position);
  const char32_t c = decoded.code_point;
  const CharClass type = is_whitespace(c) ? CharClass::whitespace
                         : is_letter(c)   ? CharClass::letter
                         : is_number(c)   ? CharClass::number
                                          : CharClass::other;
  return {type, decoded.length};
}

size_t Gpt2PreTokenizer::end_of_run(std::string_view text, size_t position, CharClass type) const {
  while (position < text.size()) {
    const Char next = char_at(text, position);
    if (next.type != type) break;
    position += next.length;
  }
  return position;
}

size_t Gpt2PreTokenizer::end_of_piece(std::string_view text, size_t position) const {
  // 's|'t|'re|'ve|'m|'ll|'d
  if (const size_t length = contraction_length(text, position); length > 0) return position + length;

  //  ?\p{L}+ |  ?\p{N}+ |  ?[^\s\p{L}\p{N}]+  : a run of one class, with at most one U+0020 in front.
  const Char first = char_at(text, position);
  size_t run_start = position;
  CharClass run_type = first.type;
  if (first.type == CharClass::space && position + 1 < text.size()) {
    run_type = char_at(text, position + 1).type;
    run_start = position + 1;
  }
  if (run_type == CharClass::letter || run_type == CharClass::number || run_type == CharClass::other) {
    return end_of_run(text, run_start, run_type);
  }

  // \s+(?!\S) | \s+  : here `position` starts a run of whitespace (U+0020 or any other).
  size_t end = position, last_char_start = position;
  while (end < text.size()) {
    const Char next = char_at(text, end);
    if (next.type != CharClass::space && next.type != CharClass::whitespace) break;
    last_char_start = end;
    end += next.length;
  }
  // The whole run if it ends the text. Otherwise \s+ backtracks by one character so that the next
  // one is whitespace, not \S: the run's last character goes to the next piece (" ?\p{L}+" takes a
  // U+0020 as its leading space). A run of one character cannot give one up and matches \s+ alone.
  if (end == text.size() || last_char_start == position) return end;
  return last_char_start;
}

void Gpt2PreTokenizer::split(std::string_view text, std::vector<std::string_view>& pieces) const {
  for (size_t position = 0; position < text.size();) {
    const size_t end = end_of_piece(text, position);
    pieces.push_back(text.substr(position, end - position));
    position = end;
  }
}

}  // namespace simcse
