// zip_archive.h — just enough of the zip format to read what torch.save writes: the central
// directory (zip64 included), and where each entry's bytes lie.
// Paper: none (infrastructure: checkpoint files)
#pragma once

// PyTorch stores entries uncompressed (method 0, "stored") so tensors can be read in place; a
// compressed entry (a zip tool re-packed the file) is reported as such when it is read, not
// inflated. Every entry's bytes are checked against the CRC-32 the directory records (zlib's
// crc32), so a corrupted weight is an error, not a different number; a CRC of 0 on a non-empty
// entry means the writer skipped them (torch.serialization.set_crc32_options(False)) and is not
// checked, as torch.load does not check any.

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
  uint32_t crc32 = 0;        // of the uncompressed data, from the central directory
};

class ZipArchive {
 public:
  // Reads and checks the central directory; an error if `file` is not a zip archive or is corrupt.
  explicit ZipArchive(const BinaryFile& file);

  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* find(const std::string& name) const;  // null if absent
  // The entry's bytes, CRC-checked; an error if it is compressed or larger than `max_bytes`.
  std::string read(const ZipEntry& entry, uint64_t max_bytes) const;
  // Checks the entry is stored uncompressed and its bytes match its CRC-32, reading it in
  // chunks, and returns it (for reading tensors in place).
  const ZipEntry& require_intact(const ZipEntry& entry) const;

 private:
  const BinaryFile& file_;
  std::vector<ZipEntry> entries_;
};

// Does the file start like a zip archive ("PK\3\4")?
bool looks_like_zip(const BinaryFile& file);

}  // namespace simcse
