// vocab_builder.h — learns a WordPiece vocabulary from a corpus (`simcse vocab build`).
// Words are split exactly as the tokenizer will split them; each word starts as its characters
// ("h", "##u", "##g"); then the adjacent pair with the best score count(ab) / (count(a) * count(b))
// is merged into a new token, again and again, until the vocabulary has the requested size.
// Paper: none (tokenization; the tiny_data vocabulary for small reproductions)
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "tokenizer/basic_tokenizer.h"

namespace simcse {

// How often each word occurs (ordered, so everything built from it is deterministic).
using WordCounts = std::map<std::string, int64_t>;

struct CorpusWords {
  WordCounts counts;
  int64_t lines = 0;
  int64_t replaced_invalid_bytes = 0;
};

// Splits every line of the corpus with `basic` and counts the words.
CorpusWords count_corpus_words(std::istream& corpus, const BasicTokenizer& basic);

// The vocabulary, one token per id: the five special tokens, every character the words use (as a
// word start and as a "##" continuation), then merged tokens in the order they were learned.
// Stops early when every word is a single token. Error when vocab_size cannot hold the special
// tokens and the characters.
std::vector<std::string> learn_wordpiece_vocabulary(const WordCounts& counts, int32_t vocab_size);

}  // namespace simcse
