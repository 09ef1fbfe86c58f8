// char_classes.cc — BERT's and GPT-2's character classes on top of libutf8proc's general categories.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include "tokenizer/char_classes.h"

#include <utf8proc.h>

#include "core/error.h"

namespace simcse {
namespace {

utf8proc_category_t category(char32_t c) { return utf8proc_category(static_cast<utf8proc_int32_t>(c)); }

}  // namespace

bool is_bert_control(char32_t c) {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  switch (category(c)) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CS:
      return true;
    default:
      return false;
  }
}

bool is_whitespace(char32_t c) {
  if ((c >= 0x09 && c <= 0x0D) || c == 0x85) return true;
  const utf8proc_category_t cat = category(c);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

bool is_letter(char32_t c) {
  switch (category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

bool is_number(char32_t c) {
  const utf8proc_category_t cat = category(c);
  return cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
}

bool is_bert_punctuation(char32_t c) {
  const bool ascii_symbol = (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
                            (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
  if (ascii_symbol) return true;
  switch (category(c)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      return true;
    default:
      return false;
  }
}

bool is_cjk_ideograph(char32_t c) {
  // The ranges of Hugging Face tokenizers' BertNormalizer (not Unicode's full Ideographic set:
  // Hangul, Hiragana and Katakana are written with spaces and are left to ordinary splitting).
  // Its fifth range starts at U+2B920 where Google's original BERT has U+2B820; we follow the
  // implementation we must match, so U+2B820..U+2B91F stay inside words.
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool is_nonspacing_mark(char32_t c) { return category(c) == UTF8PROC_CATEGORY_MN; }

int combining_class(char32_t c) {
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->combining_class;
}

char32_t to_lower(char32_t c) {
  return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
}

int canonical_decomposition(char32_t c, char32_t out[kMaxDecomposition]) {
  utf8proc_int32_t buffer[kMaxDecomposition];
  const utf8proc_ssize_t length = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(c), buffer, kMaxDecomposition, UTF8PROC_DECOMPOSE, nullptr);
  SIMCSE_CHECK(length >= 1 && length <= kMaxDecomposition, "utf8proc cannot decompose code point ",
               static_cast<uint32_t>(c));
  for (utf8proc_ssize_t i = 0; i < length; ++i) out[i] = static_cast<char32_t>(buffer[i]);
  return static_cast<int>(length);
}

}  // namespace simcse
