// char_classes.h — the questions BERT's text cleaning and splitting ask about one character
// (control? whitespace? punctuation? CJK ideograph? accent?), answered from libutf8proc's Unicode
// tables, never from hand-copied ones. Definitions follow Hugging Face tokenizers' BertNormalizer
// and BertPreTokenizer, which is what BertTokenizerFast runs.
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
// Z* categories (spaces, line and paragraph separators) plus U+0009..U+000D and U+0085.
bool is_bert_whitespace(char32_t c);

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
