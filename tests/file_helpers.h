// file_helpers.h — shared by the checkpoint, CLI and encoder tests: a temporary directory that
// cleans itself up, whole-file reads and writes, copying a fixture model directory, running the
// simcse binary, and `expect_error` and `error_message_of` (an Error whose message names what it
// should).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

#include "core/error.h"

namespace simcse::testing {

class TempDir {
 public:
  TempDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("simcse-" + std::to_string(::getpid()) + "-" + (test ? test->name() : "test"));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file) throw std::runtime_error("cannot write " + path);
}

// Copies every file of a fixture model directory into `target`.
inline void copy_directory(const std::string& source, const std::string& target) {
  std::filesystem::create_directories(target);
  for (const auto& entry : std::filesystem::directory_iterator(source))
    if (entry.is_regular_file())
      std::filesystem::copy_file(entry.path(), std::filesystem::path(target) / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
}

// The simcse binary built next to the test binaries: BUILD/tests/test_x -> BUILD/simcse.
inline std::string simcse_binary() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "simcse").string();
}

struct RunResult {
  int exit_status = -1;  // -1 when it did not exit normally (a crash)
  std::string out, err;
};

// Runs `simcse ARGUMENTS` (a shell fragment, so it may hold a redirection of stdin) with its
// standard output and error captured through files in `scratch_dir`.
inline RunResult run_simcse(const std::string& arguments, const std::string& scratch_dir) {
  const std::string out = scratch_dir + "/simcse.out", err = scratch_dir + "/simcse.err";
  const std::string command = simcse_binary() + " " + arguments + " > " + out + " 2> " + err;
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_bytes(out);
  result.err = read_bytes(err);
  return result;
}

// The message of the simcse::Error that `body` throws, or "(no error)" (which no expected message
// contains, so a check on it fails).
template <typename Body>
std::string error_message_of(Body body) {
  try {
    body();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

// Runs `body` and expects a simcse::Error whose message contains every one of `fragments`.
template <typename Body>
void expect_error(Body body, std::initializer_list<std::string> fragments) {
  try {
    body();
    ADD_FAILURE() << "expected an error mentioning \"" << *fragments.begin() << "\"";
  } catch (const Error& error) {
    for (const std::string& fragment : fragments)
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
          << "message \"" << error.what() << "\" lacks \"" << fragment << "\"";
  }
}

}  // namespace simcse::testing
