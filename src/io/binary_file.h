// binary_file.h — a file read by byte ranges, each range checked against the file's size first,
// so a truncated or corrupt checkpoint whose header points past the end is an error naming the
// file and the part being read, never an out-of-bounds read.
// Paper: none (infrastructure: checkpoint files)
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

namespace simcse {

class BinaryFile {
 public:
  explicit BinaryFile(const std::string& path);  // an error if it cannot be opened

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }

  // Copies bytes [offset, offset + count) into dst; `what` names the part for the error message
  // ("the safetensors header", "tensor 'pooler.dense.weight'").
  void read(uint64_t offset, uint64_t count, void* dst, std::string_view what) const;
  std::string read_string(uint64_t offset, uint64_t count, std::string_view what) const;

  // Does [offset, offset + count) lie inside the file? (Written so the sum cannot overflow.)
  bool contains(uint64_t offset, uint64_t count) const { return offset <= size_ && count <= size_ - offset; }

 private:
  std::string path_;
  mutable std::ifstream stream_;
  uint64_t size_ = 0;
};

// The whole file at `path` as bytes; an error naming the file (and `what` it is) if it cannot be
// read or holds more than `max_bytes` (a limit from io/input_limits.h).
std::string read_whole_file(const std::string& path, uint64_t max_bytes, std::string_view what);

// Little-endian integers from a byte buffer (zip and safetensors headers are little-endian).
inline uint64_t read_le(const unsigned char* bytes, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

}  // namespace simcse
