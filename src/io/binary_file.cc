// binary_file.cc — BinaryFile: bounds-checked reads of byte ranges, and size-limited whole-file reads.
// Paper: none (infrastructure: checkpoint files)
#include "io/binary_file.h"

#include <filesystem>

#include "core/error.h"

namespace simcse {

BinaryFile::BinaryFile(const std::string& path) : path_(path), stream_(path, std::ios::binary) {
  SIMCSE_CHECK(stream_.is_open(), path, ": cannot open the file");
  // A directory opens too, and then claims a size of 2^63 - 1 bytes.
  std::error_code error;
  SIMCSE_CHECK(std::filesystem::is_regular_file(path, error), path, ": not a regular file (a directory?)");
  stream_.seekg(0, std::ios::end);
  const std::streamoff end = stream_.tellg();
  SIMCSE_CHECK(end >= 0, path, ": cannot determine the file's size (is it a regular file?)");
  size_ = static_cast<uint64_t>(end);
}

void BinaryFile::read(uint64_t offset, uint64_t count, void* dst, std::string_view what) const {
  SIMCSE_CHECK(contains(offset, count), path_, ": ", what, " needs bytes [", offset, ", ", offset + count,
               ") but the file has only ", size_, " bytes (truncated or corrupt?)");
  if (count == 0) return;
  stream_.clear();
  stream_.seekg(static_cast<std::streamoff>(offset));
  stream_.read(static_cast<char*>(dst), static_cast<std::streamsize>(count));
  SIMCSE_CHECK(static_cast<uint64_t>(stream_.gcount()) == count, path_, ": reading ", what, " failed at byte ",
               offset);
}

std::string BinaryFile::read_string(uint64_t offset, uint64_t count, std::string_view what) const {
  SIMCSE_CHECK(contains(offset, count), path_, ": ", what, " needs bytes [", offset, ", ", offset + count,
               ") but the file has only ", size_, " bytes (truncated or corrupt?)");
  std::string bytes(count, '\0');
  read(offset, count, bytes.data(), what);
  return bytes;
}

std::string read_whole_file(const std::string& path, uint64_t max_bytes, std::string_view what) {
  const BinaryFile file(path);
  SIMCSE_CHECK(file.size() <= max_bytes, path, ": the ", what, " is ", file.size(), " bytes, over the limit of ",
               max_bytes, " (io/input_limits.h)");
  return file.read_string(0, file.size(), what);
}

}  // namespace simcse
