// added_tokens.cc — leftmost-longest matching of added tokens, with lstrip and rstrip.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#include "tokenizer/added_tokens.h"

#include "core/error.h"
#include "tokenizer/char_classes.h"
#include "tokenizer/utf8.h"

namespace simcse {
namespace {

// Where the whitespace at the end of text starts (text.size() if none): Rust regex's `\s*$`.
size_t trailing_whitespace_start(std::string_view text) {
  size_t start = 0;
  for (size_t position = 0; position < text.size();) {
    const utf8::DecodedChar decoded = utf8::decode(text, position);
    position += decoded.length;
    if (!is_whitespace(decoded.code_point)) start = position;
  }
  return start;
}

// How many bytes of whitespace text starts with: `^\s*`.
size_t leading_whitespace_length(std::string_view text) {
  size_t position = 0;
  while (position < text.size()) {
    const utf8::DecodedChar decoded = utf8::decode(text, position);
    if (!is_whitespace(decoded.code_point)) break;
    position += decoded.length;
  }
  return position;
}

}  // namespace

AddedTokens::AddedTokens(std::vector<AddedToken> tokens) : tokens_(std::move(tokens)) {
  for (const AddedToken& token : tokens_) {
    SIMCSE_CHECK(!token.content.empty(), "added token ", token.id, " is empty");
    first_bytes_[token.normalized][static_cast<unsigned char>(token.content[0])] = true;
    any_normalized_ |= token.normalized;
  }
}

const AddedToken* AddedTokens::longest_at(std::string_view text, size_t position, bool normalized) const {
  const AddedToken* longest = nullptr;
  for (const AddedToken& token : tokens_) {
    if (token.normalized != normalized || !text.substr(position).starts_with(token.content)) continue;
    if (longest == nullptr || token.content.size() > longest->content.size()) longest = &token;
  }
  return longest;
}

void AddedTokens::split_pass(std::string_view text, bool normalized, std::vector<TextSegment>& segments) const {
  const auto add_text = [&](size_t begin, size_t end) {
    if (end > begin) segments.push_back({text.substr(begin, end - begin), -1});
  };
  size_t text_start = 0;  // where the text after the previous token starts
  for (size_t position = 0; position < text.size(); ++position) {
    if (!first_bytes_[normalized][static_cast<unsigned char>(text[position])]) continue;
    const AddedToken* token = longest_at(text, position, normalized);
    if (token == nullptr) continue;
    size_t start = position, end = position + token->content.size();
    // lstrip takes the whitespace before the token, but not what an earlier token already took.
    if (token->lstrip) start = text_start + trailing_whitespace_start(text.substr(text_start, position - text_start));
    if (token->rstrip) end += leading_whitespace_length(text.substr(end));
    add_text(text_start, start);
    segments.push_back({text.substr(start, end - start), token->id});
    text_start = end;
    position = end - 1;  // the loop's ++position continues right after the token
  }
  add_text(text_start, text.size());
}

void AddedTokens::split(std::string_view text, std::vector<TextSegment>& segments) const {
  if (!any_normalized_) {
    split_pass(text, /*normalized=*/false, segments);
    return;
  }
  std::vector<TextSegment> first_pass;
  split_pass(text, /*normalized=*/false, first_pass);
  for (const TextSegment& segment : first_pass) {
    if (segment.added_token_id >= 0) {
      segments.push_back(segment);
    } else {
      split_pass(segment.text, /*normalized=*/true, segments);
    }
  }
}

}  // namespace simcse
