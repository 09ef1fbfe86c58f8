// test_tokenizer_parity.cc — our tokenizer against Hugging Face BertTokenizerFast, id for id.
// The goldens come from tools/make_tokenizer_fixtures.py (tests/fixtures/tokenizer/): the hostile
// set (uncased, cased, a padded batch, a padded pair batch, pair truncation), every Unicode code
// point, and every sentence of the STS12-16, STS-B, SICK and SNLI files in ../shared/data.
#include <gtest/gtest.h>
#include <utf8proc.h>

#include <map>
#include <sstream>

#include "support/test_support.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/truncation.h"
#include "tokenizer/utf8.h"
#include "tokenizer_parity.h"

namespace simcse {
namespace {

using testing::expect_ids_match;
using testing::fnv1a64;
using testing::read_lines;
const std::string& kFixtures = testing::kTokenizerFixtures;

// ---- the hostile set ----------------------------------------------------------------------------

class HostileSet : public ::testing::Test {
 protected:
  std::vector<std::string> lines = read_lines(testing::repo_root() + "/" + kFixtures + "hostile.txt");
};

TEST_F(HostileSet, TinyVocabularyIdsMatchHuggingFace) {
  const nlohmann::json goldens = testing::load_json(kFixtures + "hostile_tiny.json");
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file(testing::repo_root() + "/" + goldens["vocab"].get<std::string>());
  expect_ids_match(tokenizer, lines, goldens["uncased"], "tiny vocabulary, uncased");
}

TEST_F(HostileSet, BertVocabularyIdsMatchHuggingFaceUncasedAndCased) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const nlohmann::json goldens = testing::load_json(kFixtures + "hostile_bert.json");
  const std::string vocab_path = testing::shared_data_dir() + "/" + goldens["vocab"].get<std::string>();
  expect_ids_match(BertTokenizer::from_vocab_file(vocab_path, true), lines, goldens["uncased"], "bert-base-uncased");
  expect_ids_match(BertTokenizer::from_vocab_file(vocab_path, false), lines, goldens["cased"], "cased mode");
}

TEST_F(HostileSet, PaddedBatchesMatchHuggingFace) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const nlohmann::json goldens = testing::load_json(kFixtures + "hostile_bert.json");
  const BertTokenizer tokenizer =
      BertTokenizer::from_vocab_file(testing::shared_data_dir() + "/" + goldens["vocab"].get<std::string>());
  testing::expect_padded_batches_match(tokenizer, lines, goldens);
}

TEST(PairTruncation, LongestFirstMatchesHuggingFaceForEveryLengthCombination) {
  const nlohmann::json goldens = testing::load_json(kFixtures + "hostile_bert.json");
  const auto rows = goldens["pair_truncation"]["rows"].get<std::vector<std::vector<int64_t>>>();
  ASSERT_GT(rows.size(), 1000u);
  for (const auto& row : rows) {  // first_length, second_length, max_length, first_kept, second_kept
    const PairLengths kept = longest_first_lengths(row[0], row[1], row[2] - 3);
    EXPECT_EQ(kept.first, row[3]) << "lengths " << row[0] << "+" << row[1] << ", max_length " << row[2];
    EXPECT_EQ(kept.second, row[4]) << "lengths " << row[0] << "+" << row[1] << ", max_length " << row[2];
  }
}

// ---- every code point ---------------------------------------------------------------------------

// The words of "a" + c + "a" in the fixture's notation: code points in hex, '|' between words.
std::string words_text(const BasicTokenizer& basic, char32_t c) {
  std::string text = "a";
  utf8::append(text, c);
  text += "a";
  WordList words;
  basic.split(text, words);
  std::ostringstream out;
  out << std::uppercase << std::hex;
  for (size_t w = 0; w < words.size(); ++w) {
    if (w > 0) out << '|';
    const std::string_view word = words[w];
    for (size_t position = 0; position < word.size();) {
      const utf8::DecodedChar decoded = utf8::decode(word, position);
      out << (position == 0 ? "" : " ") << static_cast<uint32_t>(decoded.code_point);
      position += decoded.length;
    }
  }
  return out.str();
}

TEST(EveryCodePoint, NormalisationAndSplittingMatchHuggingFace) {
  const std::vector<std::string> fixture = read_lines(testing::repo_root() + "/" + kFixtures + "code_points.txt");
  std::map<uint32_t, std::pair<uint64_t, uint64_t>> block_hashes;  // block start -> (uncased, cased)
  struct Differs {
    std::string hf[2], current[2];  // [0] uncased, [1] cased
  };
  std::map<uint32_t, Differs> differs;
  std::string unicode_version;
  for (const std::string& line : fixture) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::istringstream split(line);
    for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
    if (fields[0] == "unicode") unicode_version = fields.at(1);
    if (fields[0] == "block")
      block_hashes[std::stoul(fields.at(1), nullptr, 16)] = {std::stoull(fields.at(2), nullptr, 16),
                                                            std::stoull(fields.at(3), nullptr, 16)};
    if (fields[0] == "differs")
      differs[std::stoul(fields.at(1), nullptr, 16)] = {{fields.at(2), fields.at(3)}, {fields.at(4), fields.at(5)}};
  }
  ASSERT_EQ(block_hashes.size(), 0x110000u >> 12);
  // Which code points are "current" depends on the Unicode version of utf8proc's tables.
  ASSERT_EQ(unicode_version, utf8proc_unicode_version())
      << "the fixture was made for another Unicode version: rerun tools/make_tokenizer_fixtures.py with "
         "unicodedata2 pinned to libutf8proc's Unicode version";

  const BasicTokenizer uncased(true), cased(false);
  const BasicTokenizer* modes[2] = {&uncased, &cased};
  int failed_blocks = 0;
  for (const auto& [start, expected] : block_hashes) {
    uint64_t state[2] = {0xCBF29CE484222325ull, 0xCBF29CE484222325ull};
    for (char32_t c = start; c < start + 0x1000; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      const auto difference = differs.find(c);
      for (int mode = 0; mode < 2; ++mode) {
        std::string ours = words_text(*modes[mode], c);
        if (difference != differs.end()) {
          // Hugging Face's tables predate this character's current properties: we must give what
          // BERT's rules give with current tables; the block hash then continues with HF's answer.
          EXPECT_EQ(ours, difference->second.current[mode]) << "U+" << std::hex << static_cast<uint32_t>(c);
          ours = difference->second.hf[mode];
        }
        state[mode] = fnv1a64(ours + "\n", state[mode]);
      }
    }
    if (state[0] != expected.first || state[1] != expected.second) {
      ++failed_blocks;
      ADD_FAILURE() << "code points U+" << std::hex << start << "..U+" << start + 0xFFF
                    << " differ from Hugging Face (uncased " << (state[0] == expected.first ? "ok" : "differs")
                    << ", cased " << (state[1] == expected.second ? "ok" : "differs") << ")";
    }
  }
  EXPECT_EQ(failed_blocks, 0);
}

// ---- the shared data sets ----------------------------------------------------------------------

TEST(SharedData, EverySentenceMatchesHuggingFace) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const BertTokenizer tokenizer =
      BertTokenizer::from_vocab_file(testing::shared_data_dir() + "/vocab/bert-base-uncased/vocab.txt");
  testing::expect_shared_data_matches(tokenizer, "shared_data_ids.txt", "Hugging Face BertTokenizerFast");
}

}  // namespace
}  // namespace simcse
