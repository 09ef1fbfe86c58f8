// test_tokenizer_parity.cc — our tokenizer against Hugging Face BertTokenizerFast, id for id.
// The goldens come from tools/make_tokenizer_fixtures.py (tests/fixtures/tokenizer/): the hostile
// set (uncased, cased, a padded batch, a padded pair batch, pair truncation), every Unicode code
// point, and every sentence of the STS12-16, STS-B, SICK and SNLI files in ../shared/data.
#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "support/test_support.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/truncation.h"
#include "tokenizer/utf8.h"

namespace simcse {
namespace {

const std::string kFixtures = "tests/fixtures/tokenizer/";

// Lines split on \n only, one trailing \r removed: exactly how the fixture script reads files.
std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The text for a failure message: printable characters as they are; control characters and
// invalid UTF-8 as \xNN per byte.
std::string escaped(std::string_view text) {
  std::string out;
  for (size_t position = 0; position < text.size();) {
    const utf8::DecodedChar decoded = utf8::decode(text, position);
    const bool printable = decoded.valid && decoded.code_point >= 0x20 && decoded.code_point != 0x7F &&
                           !(decoded.code_point >= 0x80 && decoded.code_point < 0xA0);
    for (int i = 0; i < decoded.length; ++i) {
      const auto byte = static_cast<unsigned char>(text[position + i]);
      if (printable) {
        out.push_back(static_cast<char>(byte));
      } else {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02X", byte);
        out += hex;
      }
    }
    position += decoded.length;
  }
  return out;
}

std::string tokens_of(const BertTokenizer& tokenizer, const std::vector<int32_t>& ids) {
  std::string out;
  for (int32_t id : ids) {
    if (!out.empty()) out += ' ';
    if (id >= 0 && id < tokenizer.vocab().size()) {
      out += tokenizer.vocab().token(id);
    } else {
      out.append("<id ").append(std::to_string(id)).append(">");
    }
  }
  return out;
}

uint64_t fnv1a64(std::string_view bytes, uint64_t state = 0xCBF29CE484222325ull) {
  for (unsigned char byte : bytes) state = (state ^ byte) * 0x100000001B3ull;
  return state;
}

uint64_t hash_ids(const std::vector<int32_t>& ids) {
  std::string bytes;
  for (int32_t id : ids) {
    for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<char>((static_cast<uint32_t>(id) >> shift) & 0xFF));
  }
  return fnv1a64(bytes);
}

std::vector<int32_t> single_row_ids(const BertTokenizer& tokenizer, const std::string& text) {
  return tokenizer.encode_batch({text}, kNoTruncation).input_ids;
}

// ---- the hostile set ----------------------------------------------------------------------------

void expect_ids_match(const BertTokenizer& tokenizer, const std::vector<std::string>& lines,
                      const nlohmann::json& expected, const std::string& what) {
  ASSERT_EQ(expected.size(), lines.size()) << what << ": hostile.txt and its goldens have different line counts";
  int mismatches = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::vector<int32_t> ours = single_row_ids(tokenizer, lines[i]);
    const std::vector<int32_t> theirs = expected[i].get<std::vector<int32_t>>();
    if (ours != theirs) {
      ++mismatches;
      ADD_FAILURE() << what << ", hostile.txt line " << i + 1 << ": " << escaped(lines[i])
                    << "\n  Hugging Face: " << tokens_of(tokenizer, theirs) << "\n  ours:         " << tokens_of(tokenizer, ours);
    }
  }
  EXPECT_EQ(mismatches, 0) << what;
}

void expect_batch_matches(const EncodedBatch& ours, const nlohmann::json& theirs, const std::string& what) {
  const auto rows = theirs["input_ids"].get<std::vector<std::vector<int32_t>>>();
  ASSERT_EQ(ours.batch, static_cast<int64_t>(rows.size())) << what;
  ASSERT_EQ(ours.seq_len, static_cast<int64_t>(rows.at(0).size())) << what;
  for (const char* field : {"input_ids", "token_type_ids", "attention_mask"}) {
    const auto expected = theirs[field].get<std::vector<std::vector<int32_t>>>();
    const std::vector<int32_t>& got = std::string(field) == "input_ids"        ? ours.input_ids
                                      : std::string(field) == "token_type_ids" ? ours.token_type_ids
                                                                               : ours.attention_mask;
    for (size_t r = 0; r < expected.size(); ++r) {
      const std::vector<int32_t> row(got.begin() + r * ours.seq_len, got.begin() + (r + 1) * ours.seq_len);
      EXPECT_EQ(row, expected[r]) << what << ": " << field << " of row " << r << " (hostile.txt line " << r + 1 << ")";
    }
  }
}

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

  const nlohmann::json& batch = goldens["batch"];
  expect_batch_matches(tokenizer.encode_batch(lines, batch["max_length"].get<int>()), batch, "encode_batch");

  const nlohmann::json& pairs = goldens["pair_batch"];
  std::vector<std::string> seconds(lines.begin() + 1, lines.end());
  seconds.push_back(lines.front());  // line i is paired with line i + 1
  expect_batch_matches(tokenizer.encode_pair_batch(lines, seconds, pairs["max_length"].get<int>()), pairs,
                       "encode_pair_batch");
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
  const std::vector<std::string> fixture = read_lines(testing::repo_root() + "/" + kFixtures + "shared_data_ids.txt");

  int64_t compared = 0, mismatches = 0;
  std::string path;
  std::vector<std::string> data_lines;
  std::vector<int> columns;  // 1-based; empty = the whole line
  size_t next_data_line = 0, skip = 0;
  for (const std::string& line : fixture) {
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("file\t")) {
      ASSERT_EQ(next_data_line, data_lines.size()) << path << ": the fixture has fewer lines than the file";
      std::istringstream fields(line.substr(5));
      std::string column_list;
      std::getline(fields, path, '\t');
      fields >> skip >> column_list;
      columns.clear();
      std::istringstream column_fields(column_list);
      for (std::string column; column_list != "line" && std::getline(column_fields, column, ',');)
        columns.push_back(std::stoi(column));
      data_lines = read_lines(testing::shared_data_dir() + "/" + path);
      next_data_line = skip;
      continue;
    }
    ASSERT_LT(next_data_line, data_lines.size()) << path << ": the fixture has more lines than the file";
    const std::string& data_line = data_lines[next_data_line++];
    std::vector<std::string> sentences;
    if (columns.empty()) {
      sentences.push_back(data_line);
    } else {
      std::vector<std::string> fields;
      std::istringstream split(data_line);
      for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
      for (int column : columns) sentences.push_back(fields.at(column - 1));
    }
    std::istringstream hashes(line);
    for (const std::string& sentence : sentences) {
      std::string expected_hash;
      hashes >> expected_hash;
      const std::vector<int32_t> ids = single_row_ids(tokenizer, sentence);
      ++compared;
      if (hash_ids(ids) != std::stoull(expected_hash, nullptr, 16) && ++mismatches <= 20) {
        ADD_FAILURE() << path << ":" << next_data_line << ": " << escaped(sentence)
                      << "\n  ours: " << tokens_of(tokenizer, ids);
      }
    }
  }
  EXPECT_EQ(next_data_line, data_lines.size()) << path << ": the fixture has fewer lines than the file";
  EXPECT_GT(compared, 100000);
  EXPECT_EQ(mismatches, 0) << mismatches << " of " << compared << " sentences differ from Hugging Face";
  std::cout << "compared " << compared << " sentences with Hugging Face: " << mismatches << " differ\n";
}

}  // namespace
}  // namespace simcse
