// test_tokenizer_vocab_builder.cc — the WordPiece vocabulary learner: merge order worked out by
// hand, tie-breaking, size limits, determinism, and that tiny_data/vocab.txt is what
// `simcse vocab build` makes from tiny_data/corpus.txt.
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "support/test_support.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/vocab_builder.h"

namespace simcse {
namespace {

using Strings = std::vector<std::string>;

Strings with_specials(const Strings& tokens) {
  Strings all(kSpecialTokens.begin(), kSpecialTokens.end());
  all.insert(all.end(), tokens.begin(), tokens.end());
  return all;
}

CorpusWords tiny_corpus_words() {
  std::ifstream corpus(testing::repo_root() + "/tiny_data/corpus.txt");
  if (!corpus) throw std::runtime_error("cannot open tiny_data/corpus.txt");
  return count_corpus_words(corpus, BasicTokenizer(true));
}

TEST(VocabBuilder, StartsFromCharactersAndMergesTheBestScoringPair) {
  // Pairs: (a, ##b) occurs 3 times, score 3 / (3 * 3) = 1/3; (c, ##d) once, score 1 / (1 * 1) = 1.
  // The score prefers pieces that mostly occur together, so "cd" is learned before "ab".
  const WordCounts counts = {{"ab", 3}, {"cd", 1}};
  EXPECT_EQ(learn_wordpiece_vocabulary(counts, 10), with_specials({"a", "c", "##b", "##d", "cd"}));
  EXPECT_EQ(learn_wordpiece_vocabulary(counts, 11), with_specials({"a", "c", "##b", "##d", "cd", "ab"}));
  // Every word is a single token after two merges: a larger size changes nothing.
  EXPECT_EQ(learn_wordpiece_vocabulary(counts, 100), with_specials({"a", "c", "##b", "##d", "cd", "ab"}));
}

TEST(VocabBuilder, BreaksTiesByCountThenAlphabetically) {
  // "pq" x2, "rs" x1, "ts" x1: (p,##q) scores 2/(2*2), (r,##s) 1/(1*2), (t,##s) 1/(1*2), all 1/2.
  // The most frequent pair goes first, then the alphabetically first of the rest.
  EXPECT_EQ(learn_wordpiece_vocabulary({{"pq", 2}, {"rs", 1}, {"ts", 1}}, 12),
            with_specials({"p", "r", "t", "##q", "##s", "pq", "rs"}));
}

TEST(VocabBuilder, MergesContinuationPiecesKeepingTheirPrefix) {
  // "abab" x1: pairs (a,##b) 1, (##b,##a) 1, (##a,##b) 1; a=1, ##a=1, ##b=2 -> (##b,##a) scores
  // 1/(2*1) = 1/2, (a,##b) and (##a,##b) score 1/2 too; all count 1: alphabetically "##a" < "##b" < "a",
  // so (##a, ##b) is merged first, into the continuation piece "##ab".
  const Strings vocab = learn_wordpiece_vocabulary({{"abab", 1}}, 9);
  EXPECT_EQ(vocab, with_specials({"a", "##a", "##b", "##ab"}));
}

TEST(VocabBuilder, RejectsASizeTooSmallForTheCharacters) {
  try {
    learn_wordpiece_vocabulary({{"abc", 1}}, 7);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("5 special tokens and 3 characters"), std::string::npos) << error.what();
  }
}

TEST(VocabBuilder, TinyCorpusVocabularyIsDeterministicSizedAndCoversEveryWord) {
  const CorpusWords corpus = tiny_corpus_words();
  const Strings vocab = learn_wordpiece_vocabulary(corpus.counts, 300);
  EXPECT_EQ(vocab, learn_wordpiece_vocabulary(corpus.counts, 300));
  ASSERT_EQ(vocab.size(), 300u);
  EXPECT_EQ(Strings(vocab.begin(), vocab.begin() + 5), Strings(kSpecialTokens.begin(), kSpecialTokens.end()));
  const BertTokenizer tokenizer(Vocabulary::from_tokens(vocab, "learned vocabulary"), true);
  for (const auto& [word, count] : corpus.counts) {
    for (const std::string& piece : tokenizer.tokenize(word)) EXPECT_NE(piece, "[UNK]") << word;
  }
}

TEST(VocabBuilder, CommittedTinyVocabularyIsReproducible) {
  // tiny_data/README.md: simcse vocab build --input tiny_data/corpus.txt --size 1000 --output tiny_data/vocab.txt
  const Vocabulary committed = Vocabulary::from_file(testing::repo_root() + "/tiny_data/vocab.txt");
  EXPECT_EQ(learn_wordpiece_vocabulary(tiny_corpus_words().counts, 1000), committed.tokens());
}

}  // namespace
}  // namespace simcse
