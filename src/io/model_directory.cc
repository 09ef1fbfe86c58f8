// model_directory.cc — staging, the commit rename, and the roll-forward that finishes a save.
// Paper: none (infrastructure)
#include "io/model_directory.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "core/error.h"

namespace simcse {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStaging = ".simcse-staging";
constexpr const char* kCommitted = ".simcse-commit";
constexpr const char* kManifest = "MANIFEST";

// The files (and sentence-transformers' module folders) that make up a model directory written by
// this project or by transformers / sentence-transformers. A committed save deletes those of the
// old model that the new one lacks (say pytorch_model.bin, when the new weights are
// model.safetensors, or 2_Dense/ when the new pooler needs no Dense layer), so nothing stale
// outlives it.
const std::set<std::string>& model_file_names() {
  static const std::set<std::string> names = {
      "config.json",           "model.safetensors",        "pytorch_model.bin",       "vocab.txt",
      "tokenizer.json",        "tokenizer_config.json",    "special_tokens_map.json", "simcse_config.json",
      "trainer_state.json",    "training_state.safetensors", "modules.json",          "sentence_bert_config.json",
      "config_sentence_transformers.json", "1_Pooling",     "2_Dense",                 "2_Normalize"};
  return names;
}

std::function<void(const std::string&)>& save_step_hook() {
  static std::function<void(const std::string&)> hook;
  return hook;
}

void step(const std::string& description) {
  if (save_step_hook()) save_step_hook()(description);
}

void rename_or_fail(const fs::path& from, const fs::path& to) {
  std::error_code error;
  fs::rename(from, to, error);
  SIMCSE_CHECK(!error, "cannot rename ", from.string(), " to ", to.string(), " (", error.message(), ")");
}

// Writes the new files into `staging` (created empty), lists them in its MANIFEST and syncs them.
void write_staging(const fs::path& staging, const std::function<void(const std::string&)>& write) {
  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    write(staging.string());
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(staging)) {
      names.push_back(entry.path().filename().string());
      step("write " + names.back());
      if (entry.is_directory()) {  // a module folder (1_Pooling/): files only, one level
        for (const auto& inner : fs::directory_iterator(entry.path())) {
          SIMCSE_CHECK(inner.is_regular_file(), inner.path().string(), ": a module folder holds files only");
          sync_path(inner.path());
        }
      } else {
        SIMCSE_CHECK(entry.is_regular_file(), entry.path().string(), ": a model directory holds files and module folders only");
      }
      sync_path(entry.path());
    }
    std::sort(names.begin(), names.end());
    std::ofstream manifest(staging / kManifest, std::ios::trunc);
    for (const std::string& name : names) manifest << name << "\n";
    manifest.flush();
    SIMCSE_CHECK(manifest.good(), (staging / kManifest).string(), ": writing failed (disk full?)");
    manifest.close();
    step("write the manifest");
    sync_path(staging / kManifest);
    sync_path(staging);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
}

}  // namespace

// Flushes a file's or a directory's contents to the disk, so that a rename made after it can never
// be seen without the data it names (the order a power cut must respect, not only a kill).
void sync_path(const std::string& file_or_directory) {
  const fs::path path(file_or_directory);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  SIMCSE_CHECK(fd >= 0, path.string(), ": cannot open to sync (", std::strerror(errno), ")");
  const int result = ::fsync(fd);
  ::close(fd);
  SIMCSE_CHECK(result == 0, path.string(), ": fsync failed (", std::strerror(errno), ")");
}

void set_save_step_hook(std::function<void(const std::string&)> hook) { save_step_hook() = std::move(hook); }

void finish_interrupted_save(const std::string& directory) {
  const fs::path dir(directory), committed = dir / kCommitted;
  std::error_code error;
  if (!fs::exists(committed, error)) return;
  std::vector<std::string> names;
  {
    std::ifstream manifest(committed / kManifest);
    SIMCSE_CHECK(manifest.is_open(), (committed / kManifest).string(),
                 ": a committed save without its manifest (the directory was changed by hand?)");
    for (std::string name; std::getline(manifest, name);)
      if (!name.empty()) names.push_back(name);
  }
  const std::set<std::string> new_files(names.begin(), names.end());
  for (const std::string& name : model_file_names()) {
    if (new_files.count(name) || !fs::exists(dir / name)) continue;
    step("remove " + name);
    fs::remove_all(dir / name, error);
    SIMCSE_CHECK(!error, (dir / name).string(), ": cannot remove the old model's file (", error.message(), ")");
  }
  for (const std::string& name : names) {
    if (!fs::exists(committed / name)) continue;  // moved in before an interruption
    // A folder cannot be renamed over a non-empty one: the old one goes first (a kill in between
    // leaves the new folder in the commit folder, and the next reader moves it in).
    if (fs::is_directory(committed / name)) {
      step("remove the old " + name);
      fs::remove_all(dir / name, error);
      SIMCSE_CHECK(!error, (dir / name).string(), ": cannot remove the old model's folder (", error.message(), ")");
    }
    step("rename " + name);
    rename_or_fail(committed / name, dir / name);
  }
  sync_path(dir);
  step("remove the commit folder");
  fs::remove_all(committed, error);
  SIMCSE_CHECK(!error, committed.string(), ": cannot remove (", error.message(), ")");
}

void save_model_files(const std::string& directory, const std::function<void(const std::string&)>& write) {
  const fs::path dir(directory);
  if (!fs::exists(dir)) {
    const fs::path partial = directory + ".partial";
    write_staging(partial, write);
    fs::remove(partial / kManifest);
    step("rename the new directory into place");
    rename_or_fail(partial, dir);
    sync_path(dir.parent_path().empty() ? fs::path(".") : dir.parent_path());
    return;
  }
  finish_interrupted_save(directory);  // an older save's commit comes first
  write_staging(dir / kStaging, write);
  step("commit");
  rename_or_fail(dir / kStaging, dir / kCommitted);
  finish_interrupted_save(directory);
}

}  // namespace simcse
