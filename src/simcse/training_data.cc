// training_data.cc — loading .txt/.csv training files with per-row validation, and the seeded
// epoch order.
// Paper: §3, §4; Appendix A (training data)
#include "simcse/training_data.h"

#include <fstream>

#include "core/error.h"
#include "core/philox.h"
#include "io/line_reader.h"
#include "simcse/csv_reader.h"
#include "simcse/random_streams.h"
#include "tokenizer/utf8.h"

namespace simcse {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

bool is_valid_utf8(const std::string& text) {
  for (size_t position = 0; position < text.size();) {
    utf8::DecodedChar decoded = utf8::decode(text, position);
    if (!decoded.valid) return false;
    position += decoded.length;
  }
  return true;
}

// What is wrong with one row, or "" if nothing is.
std::string row_problem(const std::vector<std::string>& fields, size_t expected_fields) {
  if (fields.size() != expected_fields)
    return "expected " + std::to_string(expected_fields) + " fields, got " + std::to_string(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    if (is_blank(fields[i])) return "field " + std::to_string(i + 1) + " is empty";
    if (!is_valid_utf8(fields[i])) return "field " + std::to_string(i + 1) + " is not valid UTF-8";
  }
  return "";
}

// Adds the row, or handles its problem: an Error, or a skip that is counted.
void accept_row(TrainingData& data, std::vector<std::string> fields, size_t expected_fields, const std::string& path,
                int64_t line, bool skip_bad_rows) {
  std::string problem = row_problem(fields, expected_fields);
  if (!problem.empty()) {
    std::string where = path + ":" + std::to_string(line) + ": ";
    SIMCSE_CHECK(skip_bad_rows, where, problem, " (pass --skip_bad_rows to skip such rows)");
    if (data.skipped_rows++ == 0) data.first_skip_reason = where + problem;
    return;
  }
  TrainingExample example;
  example.sentence = std::move(fields[0]);
  example.positive = expected_fields >= 2 ? std::move(fields[1]) : example.sentence;
  if (expected_fields == 3) example.hard_negative = std::move(fields[2]);
  example.line = line;
  data.examples.push_back(std::move(example));
}

}  // namespace

TrainingData load_training_data(const std::string& path, bool skip_bad_rows) {
  std::ifstream file(path, std::ios::binary);
  SIMCSE_CHECK(file.good(), "cannot open training file ", path);
  TrainingData data;
  if (ends_with(path, ".csv")) {
    CsvReader reader(file, path);
    CsvRecord header;
    SIMCSE_CHECK(reader.next(header), path, ": empty file (a header line is expected)");
    SIMCSE_CHECK(header.fields.size() == 2 || header.fields.size() == 3, path,
                 ":1: the header has ", header.fields.size(),
                 " columns; SimCSE's CSV has 2 (sent0,sent1) or 3 (sent0,sent1,hard_neg)");
    data.columns = static_cast<int>(header.fields.size());
    CsvRecord record;
    while (reader.next(record))
      accept_row(data, std::move(record.fields), header.fields.size(), path, record.line, skip_bad_rows);
  } else {
    SIMCSE_CHECK(ends_with(path, ".txt"), path, ": training files are .txt (one sentence per line) or .csv");
    LineReader lines(file, path);  // \n, \r\n and \r, as datasets' text loader (Python text mode)
    for (std::string line; lines.next(line);) accept_row(data, {line}, 1, path, lines.line_number(), skip_bad_rows);
  }
  SIMCSE_CHECK(!data.examples.empty(), path, ": no usable training examples");
  return data;
}

std::vector<int64_t> epoch_order(int64_t count, uint64_t seed, int64_t epoch) {
  std::vector<int64_t> order(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) order[i] = i;
  const uint64_t offset = kShuffleOffset + static_cast<uint64_t>(epoch);  // see random_streams.h
  for (int64_t i = count - 1; i > 0; --i) {
    const uint64_t random = (static_cast<uint64_t>(philox_bits(seed, offset, 2 * i)) << 32) |
                            philox_bits(seed, offset, 2 * i + 1);
    // Multiply-shift maps 64 random bits onto [0, i] with a bias below i / 2^64.
    const int64_t j = static_cast<int64_t>((static_cast<unsigned __int128>(random) * (i + 1)) >> 64);
    std::swap(order[i], order[j]);
  }
  return order;
}

}  // namespace simcse
