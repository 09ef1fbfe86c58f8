// pairs_file.cc — reading sentence<TAB>sentence<TAB>label lines, after an optional header.
// Paper: §6.1 Evaluation setup
#include "eval/pairs_file.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "io/line_reader.h"

namespace simcse {

namespace {

// The label as a number, or nothing when the field is not one (strtod on the whole field).
bool parse_label(const std::string& field, double& value) {
  if (field.empty()) return false;
  char* end = nullptr;
  value = std::strtod(field.c_str(), &end);
  return *end == '\0' && std::isfinite(value);
}

}  // namespace

StsTask load_pairs_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  SIMCSE_CHECK(file.good(), "cannot open the sentence-pair file ", path);
  StsDataset dataset{std::filesystem::path(path).filename().string(), {}};
  LineReader lines(file, path);  // lines end at LF, CRLF or CR
  for (std::string line; lines.next(line);) {
    const int64_t number = lines.line_number();
    if (line.empty()) continue;
    const size_t first_tab = line.find('\t'), second_tab = line.find('\t', first_tab + 1);
    SIMCSE_CHECK(first_tab != std::string::npos && second_tab != std::string::npos &&
                     line.find('\t', second_tab + 1) == std::string::npos,
                 path, ":", number, ": expected sentence1<TAB>sentence2<TAB>label");
    StsPair pair{line.substr(0, first_tab), line.substr(first_tab + 1, second_tab - first_tab - 1), 0};
    const std::string label = line.substr(second_tab + 1);
    if (!parse_label(label, pair.gold)) {
      if (number == 1) continue;  // a header (e.g. sentence1, sentence2, score)
      fail(path, ":", number, ": the label '", label.substr(0, 40), "' is not a number");
    }
    SIMCSE_CHECK(!pair.sentence_a.empty() && !pair.sentence_b.empty(), path, ":", number, ": an empty sentence");
    dataset.pairs.push_back(std::move(pair));
  }
  SIMCSE_CHECK(dataset.pairs.size() >= 2, path, ": fewer than two labelled pairs");
  return StsTask{dataset.name, {dataset}};
}

}  // namespace simcse
