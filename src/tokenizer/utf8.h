// utf8.h — reading and writing UTF-8 one code point at a time.
// Bad input never stops the tokenizer: each maximal ill-formed byte sequence decodes to U+FFFD,
// as Python's `errors="replace"` and Rust's lossy decoding do, and says how many bytes it replaced.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace simcse::utf8 {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

struct DecodedChar {
  char32_t code_point;  // U+FFFD when the bytes were not valid UTF-8
  int length;           // bytes consumed, at least 1
  bool valid;
};

// Decodes the character starting at text[position] (position < text.size()). Overlong forms,
// surrogates and values above U+10FFFF are invalid, exactly as in the Unicode standard.
DecodedChar decode(std::string_view text, size_t position);

void append(std::string& out, char32_t code_point);

inline bool is_continuation_byte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Byte offset of the first ill-formed sequence in text, or std::string_view::npos when it is all
// valid UTF-8 (for tokenizers that refuse invalid text instead of replacing it).
size_t find_invalid(std::string_view text);

// Number of code points in valid UTF-8 text (each byte that starts a character counts once).
size_t count_chars(std::string_view text);

}  // namespace simcse::utf8
