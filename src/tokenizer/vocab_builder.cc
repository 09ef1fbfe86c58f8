// vocab_builder.cc — the WordPiece-style merge loop behind `simcse vocab build`.
// Pair counts are updated incrementally: a merge only revisits the words that contain the merged
// pair, so learning thousands of tokens from a large corpus stays fast.
// Paper: none (tokenization; the tiny_data vocabulary for small reproductions)
#include "tokenizer/vocab_builder.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "core/error.h"
#include "tokenizer/utf8.h"
#include "tokenizer/vocabulary.h"
#include "tokenizer/wordpiece.h"

namespace simcse {

CorpusWords count_corpus_words(std::istream& corpus, const BasicTokenizer& basic) {
  CorpusWords result;
  WordList words;
  std::string line;
  while (std::getline(corpus, line)) {
    ++result.lines;
    words.clear();
    result.replaced_invalid_bytes += basic.split(line, words);
    for (size_t i = 0; i < words.size(); ++i) ++result.counts[std::string(words[i])];
  }
  return result;
}

namespace {

// Every symbol (character or merged piece) gets an integer id; a pair of ids packs into one key.
using PairKey = uint64_t;
PairKey pair_key(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}
int32_t left_of(PairKey key) { return static_cast<int32_t>(key >> 32); }
int32_t right_of(PairKey key) { return static_cast<int32_t>(key & 0xFFFFFFFFu); }

class MergeLearner {
 public:
  explicit MergeLearner(const WordCounts& counts) {
    for (const auto& [text, count] : counts) {
      if (utf8::count_chars(text) > kMaxWordChars) continue;  // WordPiece maps these to [UNK] anyway
      Word word{{}, count};
      for (size_t position = 0; position < text.size();) {
        const size_t length = static_cast<size_t>(utf8::decode(text, position).length);
        const std::string character = text.substr(position, length);
        word.symbols.push_back(symbol_id(position == 0 ? character : std::string(kContinuationPrefix) + character));
        position += length;
      }
      words_.push_back(std::move(word));
    }
    for (size_t w = 0; w < words_.size(); ++w) add_word_statistics(static_cast<int32_t>(w), +1);
  }

  // The characters, word starts first, each group in byte order.
  std::vector<std::string> alphabet() const {
    std::vector<std::string> sorted = symbols_;
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
      const bool a_continues = a.starts_with(kContinuationPrefix), b_continues = b.starts_with(kContinuationPrefix);
      return std::tie(a_continues, a) < std::tie(b_continues, b);
    });
    return sorted;
  }

  // Merges the best pair everywhere; returns the new token, or "" when no pair is left.
  std::string merge_best_pair() {
    PairKey best = 0;
    double best_score = -1;
    int64_t best_count = 0;
    for (const auto& [key, count] : pair_counts_) {
      if (count <= 0) continue;
      const int32_t left = left_of(key), right = right_of(key);
      const double score = static_cast<double>(count) /
                           (static_cast<double>(symbol_counts_[left]) * static_cast<double>(symbol_counts_[right]));
      // Ties go to the more frequent pair, then to the alphabetically first: the result never
      // depends on hash-table order.
      const bool better =
          best_score < 0 || score > best_score ||
          (score == best_score && (count > best_count ||
                                   (count == best_count && std::tie(symbols_[left], symbols_[right]) <
                                                               std::tie(symbols_[left_of(best)], symbols_[right_of(best)]))));
      if (better) {
        best = key;
        best_score = score;
        best_count = count;
      }
    }
    if (best_score < 0) return "";

    const int32_t left = left_of(best), right = right_of(best);
    const std::string merged = symbols_[left] + symbols_[right].substr(kContinuationPrefix.size());
    const int32_t merged_id = symbol_id(merged);
    // Copy: updating the statistics below changes words_containing_[best].
    const std::set<int32_t> affected = words_containing_[best];
    for (int32_t w : affected) {
      add_word_statistics(w, -1);
      std::vector<int32_t>& symbols = words_[w].symbols;
      std::vector<int32_t> rewritten;
      for (size_t i = 0; i < symbols.size(); ++i) {
        if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
          rewritten.push_back(merged_id);
          ++i;
        } else {
          rewritten.push_back(symbols[i]);
        }
      }
      symbols = std::move(rewritten);
      add_word_statistics(w, +1);
    }
    return merged;
  }

 private:
  struct Word {
    std::vector<int32_t> symbols;
    int64_t count;
  };

  int32_t symbol_id(const std::string& symbol) {
    auto [it, inserted] = symbol_ids_.try_emplace(symbol, static_cast<int32_t>(symbols_.size()));
    if (inserted) {
      symbols_.push_back(symbol);
      symbol_counts_.push_back(0);
    }
    return it->second;
  }

  // Adds (sign = +1) or removes (sign = -1) one word's symbols and adjacent pairs from the counts.
  void add_word_statistics(int32_t w, int sign) {
    const Word& word = words_[w];
    for (size_t i = 0; i < word.symbols.size(); ++i) {
      symbol_counts_[word.symbols[i]] += sign * word.count;
      if (i + 1 == word.symbols.size()) continue;
      const PairKey key = pair_key(word.symbols[i], word.symbols[i + 1]);
      pair_counts_[key] += sign * word.count;
      if (sign > 0) {
        words_containing_[key].insert(w);
      } else if (pair_counts_[key] == 0) {
        pair_counts_.erase(key);
        words_containing_.erase(key);
      } else {
        words_containing_[key].erase(w);
      }
    }
  }

  std::vector<Word> words_;
  std::vector<std::string> symbols_;
  std::unordered_map<std::string, int32_t> symbol_ids_;
  std::vector<int64_t> symbol_counts_;  // weighted by word counts
  std::unordered_map<PairKey, int64_t> pair_counts_;
  std::unordered_map<PairKey, std::set<int32_t>> words_containing_;
};

}  // namespace

std::vector<std::string> learn_wordpiece_vocabulary(const WordCounts& counts, int32_t vocab_size) {
  MergeLearner learner(counts);
  std::vector<std::string> vocab(kSpecialTokens.begin(), kSpecialTokens.end());
  const std::vector<std::string> alphabet = learner.alphabet();
  SIMCSE_CHECK(static_cast<int64_t>(vocab.size() + alphabet.size()) <= vocab_size, "vocab build: --size ",
               vocab_size, " is too small: the corpus needs ", vocab.size(), " special tokens and ",
               alphabet.size(), " characters");
  vocab.insert(vocab.end(), alphabet.begin(), alphabet.end());
  std::set<std::string> known(vocab.begin(), vocab.end());
  while (static_cast<int32_t>(vocab.size()) < vocab_size) {
    const std::string merged = learner.merge_best_pair();
    if (merged.empty()) break;  // every word is one token
    if (known.insert(merged).second) vocab.push_back(merged);  // (a, ##bc) and (ab, ##c) give one token
  }
  return vocab;
}

}  // namespace simcse
