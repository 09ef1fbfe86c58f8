// char_classes.h — the questions the tokenizers ask about one character (BERT's cleaning and
// splitting: control? whitespace? punctuation? CJK ideograph? accent?; GPT-2's pattern: letter?
// number?), answered from libutf8proc's Unicode tables, never from hand-copied ones. Definitions
// follow Hugging Face tokenizers' BertNormalizer, BertPreTokenizer and ByteLevel pre-tokenizer.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <cstddef>

namespace simcse {

// Dropped by text cleaning: the "Other" categories Cc (control), Cf (format, e.g. zero-width
// joiners), Co (private use) and Cs (surrogates), except \t \n \r, which count as whitespace.
// Unassigned code points (Cn) are kept: Hugging Face's category tables are generated from
// UnicodeData.txt, which lists no unassigned code point, so they never report Cn.
bool is_bert_control(char32_t c);

// Where words end: Unicode's White_Space property (Rust's `char::is_whitespace`), which is the
// Z* categories (spaces, line and paragraph separators) plus U+0009..U+000D and U+0085. It is also
// `\s` of the GPT-2 pattern, as Oniguruma defines it for Unicode text.
bool is_whitespace(char32_t c);

// `\p{L}` and `\p{N}` of the GPT-2 pattern: the general categories L* (Lu Ll Lt Lm Lo) and N*
// (Nd Nl No). Combining marks (M*) are neither: "e" + U+0301 ends a run of letters.
bool is_letter(char32_t c);
bool is_number(char32_t c);

// Split off as a word of its own: Unicode P* categories, plus every ASCII symbol, because BERT
// also treats $ + < = > ^ ` | ~ (Unicode symbols, S*) as punctuation.
bool is_bert_punctuation(char32_t c);

// The CJK ideograph blocks BERT puts spaces around, so each ideograph becomes its own word.
bool is_cjk_ideograph(char32_t c);

// Mn, the accents that uncased BERT strips after canonical decomposition.
bool is_nonspacing_mark(char32_t c);

// Canonical combining class: 0 for base characters; decides the order of combining marks in NFD.
int combining_class(char32_t c);

// Simple lowercase mapping. It equals Rust's full `char::to_lowercase` for every character the
// uncased pipeline can reach: the only unconditional multi-character lowercase (U+0130 İ) has been
// decomposed into I + U+0307 by NFD before lowercasing runs.
char32_t to_lower(char32_t c);

// Writes the canonical decomposition (NFD, not yet reordered) of c to out; returns its length.
// kMaxDecomposition is enough for every Unicode character.
inline constexpr int kMaxDecomposition = 8;
int canonical_decomposition(char32_t c, char32_t out[kMaxDecomposition]);

}  // namespace simcse
