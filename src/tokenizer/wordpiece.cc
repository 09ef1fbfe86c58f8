// wordpiece.cc — greedy longest-match-first WordPiece over a word's UTF-8 bytes.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include "tokenizer/wordpiece.h"

#include <algorithm>

#include "tokenizer/utf8.h"

namespace simcse {

WordPiece::WordPiece(const Vocabulary& vocab, const WordPieceSettings& settings)
    : unk_id_(vocab.unk_id()), max_word_chars_(settings.max_input_chars_per_word) {
  const std::string_view prefix = settings.continuing_subword_prefix;
  auto add = [](Pieces& pieces, std::string_view text, int32_t id) {
    pieces.ids.emplace(text, id);
    pieces.longest = std::max(pieces.longest, text.size());
  };
  for (int32_t id = 0; id < vocab.size(); ++id) {
    const std::string& token = vocab.token(id);
    add(word_starts_, token, id);
    if (token.size() > prefix.size() && token.starts_with(prefix)) {
      add(continuations_, std::string_view(token).substr(prefix.size()), id);
    }
  }
}

void WordPiece::append_ids(std::string_view word, std::vector<int32_t>& ids) const {
  if (word.empty()) return;
  if (utf8::count_chars(word) > max_word_chars_) {
    ids.push_back(unk_id_);
    return;
  }
  const size_t ids_before = ids.size();
  size_t start = 0;
  while (start < word.size()) {
    const Pieces& pieces = start == 0 ? word_starts_ : continuations_;
    // Try the longest candidate first; candidates longer than any piece cannot match, and a
    // candidate must end on a character boundary (not inside a multi-byte UTF-8 character).
    size_t end = std::min(word.size(), start + pieces.longest);
    int32_t piece_id = Vocabulary::kNotFound;
    for (; end > start; --end) {
      if (end < word.size() && utf8::is_continuation_byte(word[end])) continue;
      const auto found = pieces.ids.find(word.substr(start, end - start));
      if (found != pieces.ids.end()) {
        piece_id = found->second;
        break;
      }
    }
    if (piece_id == Vocabulary::kNotFound) {
      ids.resize(ids_before);  // the word cannot be spelled: it is unknown as a whole
      ids.push_back(unk_id_);
      return;
    }
    ids.push_back(piece_id);
    start = end;
  }
}

}  // namespace simcse
