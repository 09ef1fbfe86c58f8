// pairs_file.cc — reading score<TAB>sentence<TAB>sentence lines after a header.
// Paper: §6.1 Evaluation setup
#include "eval/pairs_file.h"

#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace simcse {

StsTask load_pairs_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  SIMCSE_CHECK(file.good(), "cannot open the sentence-pair file ", path);
  StsDataset dataset{std::filesystem::path(path).filename().string(), {}};
  std::string line;
  std::getline(file, line);  // header: score, sentence1, sentence2
  for (int64_t number = 2; std::getline(file, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t first_tab = line.find('\t'), second_tab = line.find('\t', first_tab + 1);
    SIMCSE_CHECK(first_tab != std::string::npos && second_tab != std::string::npos &&
                     line.find('\t', second_tab + 1) == std::string::npos,
                 path, ":", number, ": expected score<TAB>sentence<TAB>sentence");
    StsPair pair{line.substr(first_tab + 1, second_tab - first_tab - 1), line.substr(second_tab + 1), 0};
    try {
      size_t used = 0;
      pair.gold = std::stod(line.substr(0, first_tab), &used);
      SIMCSE_CHECK(used == first_tab, "trailing characters");
    } catch (const std::exception&) {
      fail(path, ":", number, ": the score '", line.substr(0, first_tab), "' is not a number");
    }
    dataset.pairs.push_back(std::move(pair));
  }
  SIMCSE_CHECK(dataset.pairs.size() >= 2, path, ": fewer than two scored pairs");
  return StsTask{dataset.name, {dataset}};
}

}  // namespace simcse
