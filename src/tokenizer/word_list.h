// word_list.h — the words of one text, as one character buffer plus the end of each word.
// The tokenizer reuses one WordList across texts, so splitting allocates nothing once warm.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/utf8.h"

namespace simcse {

class WordList {
 public:
  size_t size() const { return word_ends_.size(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : word_ends_[i - 1];
    return std::string_view(chars_).substr(begin, word_ends_[i] - begin);
  }
  void clear() {
    chars_.clear();
    word_ends_.clear();
  }

  // Building: characters go into the current word; end_word() closes it (and ignores an empty one).
  void push_byte(char byte) { chars_.push_back(byte); }
  void push_code_point(char32_t code_point) { utf8::append(chars_, code_point); }
  void end_word() {
    if (chars_.size() > (word_ends_.empty() ? 0 : word_ends_.back())) word_ends_.push_back(chars_.size());
  }
  void add_single_char_word(char32_t code_point) {
    end_word();
    push_code_point(code_point);
    end_word();
  }

 private:
  std::string chars_;
  std::vector<size_t> word_ends_;
};

}  // namespace simcse
