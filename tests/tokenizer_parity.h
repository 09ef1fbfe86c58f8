// tokenizer_parity.h — shared by tests/test_tokenizer_parity.cc (WordPiece against BertTokenizerFast)
// and tests/test_roberta_tokenizer_parity.cc (byte-level BPE against RobertaTokenizerFast): reading
// the fixture files the way the fixture scripts wrote them, printing a text readably, and comparing
// a tokenizer with goldens: id lists, padded batches, and the per-sentence hashes of the shared data.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/utf8.h"

namespace simcse::testing {

inline const std::string kTokenizerFixtures = "tests/fixtures/tokenizer/";

// Lines split on \n only, one trailing \r removed: exactly how the fixture scripts read files.
inline std::vector<std::string> read_lines(const std::string& path) {
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
inline std::string escaped(std::string_view text) {
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

inline std::string tokens_of(const Tokenizer& tokenizer, const std::vector<int32_t>& ids) {
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

inline uint64_t fnv1a64(std::string_view bytes, uint64_t state = 0xCBF29CE484222325ull) {
  for (unsigned char byte : bytes) state = (state ^ byte) * 0x100000001B3ull;
  return state;
}

// The fixture scripts' hash of an id list: FNV-1a 64 over the ids as 4-byte little-endian integers.
inline uint64_t hash_ids(const std::vector<int32_t>& ids) {
  std::string bytes;
  for (int32_t id : ids) {
    for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<char>((static_cast<uint32_t>(id) >> shift) & 0xFF));
  }
  return fnv1a64(bytes);
}

// One sentence with its special tokens, no truncation: what the goldens hold per sentence.
inline std::vector<int32_t> single_row_ids(const Tokenizer& tokenizer, const std::string& text) {
  return tokenizer.encode_batch({text}, kNoTruncation).input_ids;
}

// Every line's ids against expected[i]; a mismatch prints the line and both token lists.
inline void expect_ids_match(const Tokenizer& tokenizer, const std::vector<std::string>& lines,
                             const nlohmann::json& expected, const std::string& what) {
  ASSERT_EQ(expected.size(), lines.size()) << what << ": the hostile lines and their goldens have different counts";
  int mismatches = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::vector<int32_t> ours = single_row_ids(tokenizer, lines[i]);
    const std::vector<int32_t> theirs = expected[i].get<std::vector<int32_t>>();
    if (ours != theirs) {
      ++mismatches;
      ADD_FAILURE() << what << ", hostile line " << i + 1 << ": " << escaped(lines[i])
                    << "\n  Hugging Face: " << tokens_of(tokenizer, theirs) << "\n  ours:         " << tokens_of(tokenizer, ours);
    }
  }
  EXPECT_EQ(mismatches, 0) << what;
}

// A padded batch against the goldens' input_ids, token_type_ids and attention_mask rows.
inline void expect_batch_matches(const EncodedBatch& ours, const nlohmann::json& theirs, const std::string& what) {
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
      EXPECT_EQ(row, expected[r]) << what << ": " << field << " of row " << r << " (hostile line " << r + 1 << ")";
    }
  }
}

// The hostile lines as one padded batch, and as pairs (line i with line i + 1), against the goldens'
// "batch" and "pair_batch", each with its max_length.
inline void expect_padded_batches_match(const Tokenizer& tokenizer, const std::vector<std::string>& lines,
                                        const nlohmann::json& goldens) {
  const nlohmann::json& batch = goldens["batch"];
  expect_batch_matches(tokenizer.encode_batch(lines, batch["max_length"].get<int>()), batch, "encode_batch");
  const nlohmann::json& pairs = goldens["pair_batch"];
  std::vector<std::string> seconds(lines.begin() + 1, lines.end());
  seconds.push_back(lines.front());
  expect_batch_matches(tokenizer.encode_pair_batch(lines, seconds, pairs["max_length"].get<int>()), pairs,
                       "encode_pair_batch");
}

// Every sentence of the shared data files against a fixture of per-sentence hashes
// (shared_data_ids.txt and bpe_shared_data_ids.txt):
//   file PATH SKIP COLUMNS   lines of PATH after SKIP header lines; COLUMNS = 1-based tab-separated
//                            columns, or "line" for the whole line
//   HASH [HASH ...]          one line per data line: the hashes of its sentences, in column order
inline void expect_shared_data_matches(const Tokenizer& tokenizer, const std::string& fixture, const std::string& reference) {
  const std::vector<std::string> fixture_lines = read_lines(repo_root() + "/" + kTokenizerFixtures + fixture);
  int64_t compared = 0, mismatches = 0;
  std::string path;
  std::vector<std::string> data_lines;
  std::vector<int> columns;  // empty = the whole line
  size_t next_data_line = 0, skip = 0;
  for (const std::string& line : fixture_lines) {
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
      data_lines = read_lines(shared_data_dir() + "/" + path);
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
  EXPECT_EQ(mismatches, 0) << mismatches << " of " << compared << " sentences differ from " << reference;
  std::cout << "compared " << compared << " sentences with " << reference << ": " << mismatches << " differ\n";
}

}  // namespace simcse::testing
