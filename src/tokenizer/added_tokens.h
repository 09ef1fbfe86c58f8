// added_tokens.h — tokens written literally in the text ("<mask>", "</s>"), found before any other
// splitting so they are never cut into pieces: Hugging Face's AddedVocabulary, leftmost-longest,
// with lstrip / rstrip.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace simcse {

// A token with lstrip (rstrip) also takes the whitespace before (after) it: with <mask> lstrip,
// "a <mask>" is "a" + "<mask>". Tokens marked `normalized` are looked for in a second pass, inside
// what the first pass left as text.
struct AddedToken {
  std::string content;
  int32_t id = 0;
  bool lstrip = false, rstrip = false;
  bool normalized = false;  // matched in the second pass (the tokenizer has no normaliser to run first)
};

// A stretch of the text: an added token (added_token_id >= 0) or plain text to pre-tokenise (-1).
struct TextSegment {
  std::string_view text;
  int32_t added_token_id;
};

class AddedTokens {
 public:
  explicit AddedTokens(std::vector<AddedToken> tokens);

  // Appends the non-empty segments of `text`, in order; stripped whitespace is in no segment.
  void split(std::string_view text, std::vector<TextSegment>& segments) const;

 private:
  // One pass over `text` with the tokens whose `normalized` flag is `normalized`.
  void split_pass(std::string_view text, bool normalized, std::vector<TextSegment>& segments) const;
  // The longest token of the pass starting at text[position], or nullptr.
  const AddedToken* longest_at(std::string_view text, size_t position, bool normalized) const;

  std::vector<AddedToken> tokens_;
  bool any_normalized_ = false;
  bool first_bytes_[2][256] = {};  // [normalized][byte]: can a token of that pass start with byte?
};

}  // namespace simcse
