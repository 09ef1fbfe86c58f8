// fuzz_support.h — what every libFuzzer target shares: a scratch directory of its own, writing the
// input (or a part of it) to a file there, and the rule every reader must keep: on any input, return
// or throw simcse::Error, nothing else (another exception reaches libFuzzer and counts as a crash,
// as do ASan and UBSan reports, timeouts and running out of memory).
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/error.h"

namespace simcse::fuzz {

// /dev/shm/simcse-fuzz-<pid>/ (memory-backed when it exists), made once per process.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    std::filesystem::path path = base / ("simcse-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return dir;
}

// Writes `bytes` to scratch()/name and returns the path.
inline std::string write_file(const std::string& name, std::string_view bytes) {
  const std::filesystem::path path = scratch() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `body`; a simcse::Error is the expected answer to bad input and is swallowed.
template <typename Body>
void errors_only(Body body) {
  try {
    body();
  } catch (const simcse::Error&) {
  }
}

}  // namespace simcse::fuzz
