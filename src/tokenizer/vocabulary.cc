// vocabulary.cc — reading, checking and writing vocab.txt; the checks every vocabulary passes.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include "tokenizer/vocabulary.h"

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "io/atomic_file.h"
#include "io/binary_file.h"
#include "io/input_limits.h"
#include "io/line_reader.h"

namespace simcse {

Vocabulary Vocabulary::from_file(const std::string& path) {
  SIMCSE_CHECK(std::ifstream(path, std::ios::binary).is_open(), "cannot open vocabulary file ", path);
  // Lines end at \n, \r\n or \r, as transformers' BertTokenizer reads vocab.txt (Python text mode).
  std::istringstream text(read_whole_file(path, kMaxVocabFileBytes, "vocabulary"));
  LineReader lines(text, path);
  std::vector<std::string> tokens;
  for (std::string line; lines.next(line);) tokens.push_back(std::move(line));
  return from_tokens(std::move(tokens), path);
}

Vocabulary Vocabulary::from_tokens(std::vector<std::string> tokens, const std::string& source,
                                   const SpecialTokens& specials) {
  SIMCSE_CHECK(!tokens.empty(), source, ":1: the vocabulary is empty (expected one token per line)");
  Vocabulary vocab;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const size_t line = i + 1;
    SIMCSE_CHECK(!tokens[i].empty(), source, ":", line, ": empty line (a token cannot be empty)");
    SIMCSE_CHECK(i < INT32_MAX, source, ":", line, ": too many tokens for 32-bit ids");
    const auto [first, inserted] = vocab.ids_.emplace(tokens[i], static_cast<int32_t>(i));
    if (!inserted) {
      fail(source, ":", line, ": duplicate token \"", quoted_input(tokens[i]), "\" (first on line ", first->second + 1,
           ")");
    }
  }
  vocab.tokens_ = std::move(tokens);

  const auto special_id = [&](std::string_view special) {
    const int32_t id = vocab.id_of(special);
    SIMCSE_CHECK(id != kNotFound, source, ": missing special token ", special, " (none of its ",
                 vocab.tokens_.size(), " tokens)");
    return id;
  };
  vocab.pad_id_ = special_id(specials.pad);
  vocab.unk_id_ = special_id(specials.unk);
  vocab.cls_id_ = special_id(specials.cls);
  vocab.sep_id_ = special_id(specials.sep);
  vocab.mask_id_ = special_id(specials.mask);
  return vocab;
}

int32_t Vocabulary::id_of(std::string_view token) const {
  const auto found = ids_.find(token);
  return found == ids_.end() ? kNotFound : found->second;
}

const std::string& Vocabulary::token(int32_t id) const {
  SIMCSE_CHECK(id >= 0 && id < size(), "token id ", id, " is outside the vocabulary (size ", size(), ")");
  return tokens_[id];
}

void write_vocab_file(const std::vector<std::string>& tokens, const std::string& path) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    SIMCSE_CHECK(!tokens[i].empty() && tokens[i].find('\n') == std::string::npos,
                 "cannot write token ", i, " to ", path, ": it is empty or contains a newline");
  }
  write_file_atomically(path, [&](std::ostream& out) {
    for (const std::string& token : tokens) out << token << '\n';
  });
}

}  // namespace simcse
