// basic_tokenizer.cc — cleaning, CJK spacing, NFD + accent stripping + lowercasing, and
// whitespace/punctuation splitting, in the order Hugging Face's BertNormalizer applies them.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include "tokenizer/basic_tokenizer.h"

#include <string>
#include <utility>
#include <vector>

#include "tokenizer/char_classes.h"
#include "tokenizer/utf8.h"

namespace simcse {
namespace {

bool is_dropped_by_cleaning(char32_t c) {
  return c == 0 || c == utf8::kReplacementCharacter || is_bert_control(c);
}

// NFD's canonical ordering: inside each run of combining marks (combining class != 0), marks are
// stably sorted by combining class. Starters (class 0) are never moved and bound the runs.
void canonical_order(std::vector<std::pair<char32_t, int>>& chars_with_class) {
  for (size_t i = 1; i < chars_with_class.size(); ++i) {
    for (size_t j = i; j > 0 && chars_with_class[j - 1].second > chars_with_class[j].second &&
                       chars_with_class[j].second != 0;
         --j) {
      std::swap(chars_with_class[j - 1], chars_with_class[j]);
    }
  }
}

}  // namespace

BasicTokenizer::BasicTokenizer(const BertNormalization& normalization) : normalization_(normalization) {
  for (char32_t c = 0; c < 128; ++c) {
    AsciiRule& rule = ascii_rules_[c];
    rule.normalized = static_cast<char>(normalization_.lowercase ? to_lower(c) : c);
    if (normalization_.clean_text && is_dropped_by_cleaning(c)) {
      rule.action = AsciiAction::drop;
    } else if (is_whitespace(c)) {
      rule.action = AsciiAction::end_word;
    } else if (is_bert_punctuation(c)) {
      rule.action = AsciiAction::own_word;
    } else {
      rule.action = AsciiAction::append;
    }
  }
}

int64_t BasicTokenizer::split(std::string_view text, WordList& words) const {
  int64_t replaced_bytes = 0;
  size_t position = 0;
  while (position < text.size()) {
    const auto byte = static_cast<unsigned char>(text[position]);
    if (byte >= 0x80) {
      size_t run_end = position + 1;
      while (run_end < text.size() && static_cast<unsigned char>(text[run_end]) >= 0x80) ++run_end;
      replaced_bytes += split_non_ascii(text.substr(position, run_end - position), words);
      position = run_end;
      continue;
    }
    const AsciiRule& rule = ascii_rules_[byte];
    switch (rule.action) {
      case AsciiAction::drop: break;
      case AsciiAction::end_word: words.end_word(); break;
      case AsciiAction::own_word: words.add_single_char_word(rule.normalized); break;
      case AsciiAction::append: words.push_byte(rule.normalized); break;
    }
    ++position;
  }
  words.end_word();
  return replaced_bytes;
}

int64_t BasicTokenizer::split_non_ascii(std::string_view run, WordList& words) const {
  // 1. Clean (drop controls and U+FFFD, whitespace -> space) and space out CJK ideographs.
  int64_t replaced_bytes = 0;
  std::u32string cleaned;
  for (size_t position = 0; position < run.size();) {
    const utf8::DecodedChar decoded = utf8::decode(run, position);
    position += decoded.length;
    if (!decoded.valid) replaced_bytes += decoded.length;
    const char32_t c = decoded.code_point;
    if (normalization_.clean_text && is_dropped_by_cleaning(c)) continue;
    if (normalization_.handle_chinese_chars && is_cjk_ideograph(c)) {
      cleaned += U' ';
      cleaned += c;
      cleaned += U' ';
    } else {
      cleaned += normalization_.clean_text && is_whitespace(c) ? U' ' : c;
    }
  }

  // 2. Uncased BERT: NFD (decompose, then order the combining marks), drop Mn; then lowercase.
  std::u32string normalized;
  if (normalization_.strip_accents) {
    std::vector<std::pair<char32_t, int>> decomposed;  // (character, combining class)
    char32_t parts[kMaxDecomposition];
    for (char32_t c : cleaned) {
      const int count = canonical_decomposition(c, parts);
      for (int i = 0; i < count; ++i) decomposed.emplace_back(parts[i], combining_class(parts[i]));
    }
    canonical_order(decomposed);
    for (const auto& [c, unused_class] : decomposed) {
      if (!is_nonspacing_mark(c)) normalized += normalization_.lowercase ? to_lower(c) : c;
    }
  } else if (normalization_.lowercase) {
    for (char32_t c : cleaned) normalized += to_lower(c);
  } else {
    normalized = std::move(cleaned);
  }

  // 3. Split: whitespace ends a word, punctuation is a word of its own.
  for (char32_t c : normalized) {
    if (is_whitespace(c)) {
      words.end_word();
    } else if (is_bert_punctuation(c)) {
      words.add_single_char_word(c);
    } else {
      words.push_code_point(c);
    }
  }
  return replaced_bytes;
}

}  // namespace simcse
