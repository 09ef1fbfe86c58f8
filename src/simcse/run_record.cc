// run_record.cc — the run record's contents; the git commit comes from build/generated/git_commit.h,
// which the Makefile rewrites only when the commit changes (so only this file recompiles).
// Paper: none (infrastructure: reproducibility)
#include "simcse/run_record.h"

#include <cblas.h>
#include <utf8proc.h>

#include <Eigen/Core>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "core/scalar.h"
#include "git_commit.h"
#include "io/atomic_file.h"
#include "io/sha256.h"

namespace simcse {

std::string build_commit() { return SIMCSE_GIT_COMMIT; }

std::string build_description() {
  return std::string("g++ ") + __VERSION__ + "; Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
         std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) + "; OpenBLAS " +
         openblas_get_config() + "; utf8proc " + utf8proc_version() + "; nlohmann_json " +
         std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." + std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_PATCH) + "; scalar " + scalar_name() + "; GEMM " +
         cpu_gemm_name();
}

void write_run_record(const std::string& directory, const RunRecord& record) {
  nlohmann::json data = nlohmann::json::object();
  for (const auto& [role, path] : record.data_files) {
    if (path.empty()) continue;
    data[role] = {{"path", path},
                  {"sha256", std::filesystem::is_regular_file(path) ? sha256_of_file(path) : "(not a file)"}};
  }
  nlohmann::json json = {{"command_line", record.command_line}, {"seed", record.seed},
                         {"threads", record.threads},           {"ranks", record.ranks},           {"device", record.device},
                         {"data_files", data},
                         {"git_commit", build_commit()},        {"build", build_description()}};
  write_file_atomically((std::filesystem::path(directory) / "run_record.json").string(),
                        [&](std::ostream& out) { out << json.dump(2) << "\n"; });
}

}  // namespace simcse
