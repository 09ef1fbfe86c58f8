// utf8.cc — UTF-8 decoding with U+FFFD for ill-formed input, and encoding.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include "tokenizer/utf8.h"

namespace simcse::utf8 {

DecodedChar decode(std::string_view text, size_t position) {
  const auto byte_at = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte_at(position);
  if (lead < 0x80) return {lead, 1, true};

  // The lead byte fixes the length and the allowed range of the *second* byte; the narrowed ranges
  // rule out overlong encodings (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
  int length = 0;
  char32_t code_point = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {kReplacementCharacter, 1, false};  // a stray continuation byte, C0, C1 or F5..FF
  }

  for (int i = 1; i < length; ++i) {
    // The replacement covers the valid prefix read so far (the "maximal subpart"); the byte that
    // broke the sequence is decoded afresh, so a following ASCII letter is never swallowed.
    if (position + i >= text.size()) return {kReplacementCharacter, i, false};
    const unsigned char next = byte_at(position + i);
    if (next < low || next > high) return {kReplacementCharacter, i, false};
    code_point = (code_point << 6) | (next & 0x3F);
    low = 0x80;
    high = 0xBF;
  }
  return {code_point, length, true};
}

void append(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

size_t find_invalid(std::string_view text) {
  for (size_t position = 0; position < text.size();) {
    if (static_cast<unsigned char>(text[position]) < 0x80) {
      ++position;
      continue;
    }
    const DecodedChar decoded = decode(text, position);
    if (!decoded.valid) return position;
    position += decoded.length;
  }
  return std::string_view::npos;
}

size_t count_chars(std::string_view text) {
  size_t count = 0;
  for (char byte : text) count += !is_continuation_byte(byte);
  return count;
}

}  // namespace simcse::utf8
