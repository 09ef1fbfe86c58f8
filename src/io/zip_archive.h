// zip_archive.h — just enough of the zip format to read what torch.save writes: the central
// directory (zip64 included), and where each entry's bytes lie.
// Paper: none (infrastructure: checkpoint files)
#pragma once

// PyTorch stores entries uncompressed (method 0, "stored") so tensors can be read in place; a
// compressed entry (a zip tool re-packed the file) is reported as such when it is read, not
// inflated.

#include <cstdint>
#include <string>
#include <vector>

#include "io/binary_file.h"

namespace simcse {

struct ZipEntry {
  std::string name;
  uint16_t method = 0;       // 0 = stored; anything else is compressed
  uint64_t size = 0;         // bytes of data (uncompressed size; equal to the stored size for method 0)
  uint64_t data_offset = 0;  // where the data starts in the file
};

class ZipArchive {
 public:
  // Reads and checks the central directory; an error if `file` is not a zip archive or is corrupt.
  explicit ZipArchive(const BinaryFile& file);

  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* find(const std::string& name) const;  // null if absent
  // The entry's bytes; an error if it is compressed.
  std::string read(const ZipEntry& entry) const;
  // Checks the entry is stored uncompressed and returns it (for reading tensors in place).
  const ZipEntry& require_stored(const ZipEntry& entry) const;

 private:
  const BinaryFile& file_;
  std::vector<ZipEntry> entries_;
};

// Does the file start like a zip archive ("PK\3\4")?
bool looks_like_zip(const BinaryFile& file);

}  // namespace simcse
