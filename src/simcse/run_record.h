// run_record.h — run_record.json, kept in every training output directory: the full command line,
// seed and thread count, SHA-256 of every data file the run read, the project's git commit, and the
// compiler and library versions — what someone needs to reproduce (or distrust) a number.
// Paper: none (infrastructure: reproducibility)
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace simcse {

struct RunRecord {
  std::vector<std::string> command_line;
  unsigned long long seed = 0;
  int threads = 0;
  int ranks = 1;       // processes of a data-parallel run
  std::string device;  // cpu or cuda: the same seed gives the same numbers only on the same device
  std::vector<std::pair<std::string, std::string>> data_files;  // (role, path): hashed when written
};

// Writes DIRECTORY/run_record.json (atomically).
void write_run_record(const std::string& directory, const RunRecord& record);

// "g++ 12.2.0, Eigen 3.4.0, OpenBLAS ..., utf8proc ..., nlohmann_json ..., CLI11 ...".
std::string build_description();
// The commit the binary was built from (`git describe --always --dirty`), or "unknown".
std::string build_commit();

}  // namespace simcse
