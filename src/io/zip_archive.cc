// zip_archive.cc — locating the end-of-central-directory record, walking the central directory,
// and resolving each entry's local header to the first byte of its data.
// Record layouts (offsets in bytes) follow PKWARE's APPNOTE.TXT, sections 4.3.7, 4.3.12, 4.3.14-16.
// Paper: none (infrastructure: checkpoint files)
#include "io/zip_archive.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/error.h"
#include "io/input_limits.h"

namespace simcse {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64Locator = 0x07064b50, kZip64EndOfDirectory = 0x06064b50;
constexpr uint64_t kEndRecordBytes = 22, kMaxCommentBytes = 65535;

struct Directory {
  uint64_t entries = 0, offset = 0, bytes = 0;
};

// The end-of-central-directory record is the last thing in the file, before a comment of up to 64 KiB.
uint64_t find_end_record(const BinaryFile& file) {
  SIMCSE_CHECK(file.size() >= kEndRecordBytes, file.path(), ": too short to be a zip archive (", file.size(),
               " bytes)");
  const uint64_t window = std::min<uint64_t>(file.size(), kEndRecordBytes + kMaxCommentBytes);
  const std::string tail = file.read_string(file.size() - window, window, "the zip end-of-directory record");
  for (uint64_t at = window - kEndRecordBytes + 1; at-- > 0;) {
    if (read_le(reinterpret_cast<const unsigned char*>(tail.data() + at), 4) == kEndOfDirectory)
      return file.size() - window + at;
  }
  fail(file.path(), ": no zip end-of-directory record (the file is truncated, or not a zip archive)");
}

Directory read_directory_location(const BinaryFile& file) {
  const uint64_t end_record = find_end_record(file);
  unsigned char record[kEndRecordBytes];
  file.read(end_record, kEndRecordBytes, record, "the zip end-of-directory record");
  Directory directory{read_le(record + 10, 2), read_le(record + 16, 4), read_le(record + 12, 4)};
  const bool zip64 = directory.entries == 0xFFFF || directory.offset == 0xFFFFFFFF || directory.bytes == 0xFFFFFFFF;
  if (!zip64) return directory;
  // Zip64: a locator just before the record points at the 64-bit end-of-directory record.
  SIMCSE_CHECK(end_record >= 20, file.path(), ": zip64 archive without its locator (corrupt)");
  unsigned char locator[20];
  file.read(end_record - 20, 20, locator, "the zip64 locator");
  SIMCSE_CHECK(read_le(locator, 4) == kZip64Locator, file.path(), ": zip64 archive without its locator (corrupt)");
  unsigned char record64[56];
  file.read(read_le(locator + 8, 8), 56, record64, "the zip64 end-of-directory record");
  SIMCSE_CHECK(read_le(record64, 4) == kZip64EndOfDirectory, file.path(), ": bad zip64 end-of-directory record");
  return {read_le(record64 + 32, 8), read_le(record64 + 48, 8), read_le(record64 + 40, 8)};
}

// Sizes and offsets that do not fit 32 bits are 0xFFFFFFFF in the header and follow, in this
// order, in the entry's zip64 extra field (id 1).
void apply_zip64_extra(const std::string& extra, const std::string& path, const std::string& name, uint64_t& size,
                       uint64_t& compressed, uint64_t& local_offset) {
  size_t at = 0;
  while (at + 4 <= extra.size()) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(extra.data() + at);
    const uint64_t id = read_le(bytes, 2), length = read_le(bytes + 2, 2);
    SIMCSE_CHECK(at + 4 + length <= extra.size(), path, ": zip entry '", name, "' has a corrupt extra field");
    if (id == 1) {
      size_t field = at + 4;
      for (uint64_t* value : {&size, &compressed, &local_offset}) {
        if (*value != 0xFFFFFFFF) continue;
        SIMCSE_CHECK(field + 8 <= at + 4 + length, path, ": zip entry '", name, "' has a short zip64 field");
        *value = read_le(reinterpret_cast<const unsigned char*>(extra.data() + field), 8);
        field += 8;
      }
      return;
    }
    at += 4 + length;
  }
}

}  // namespace

bool looks_like_zip(const BinaryFile& file) {
  unsigned char magic[4];
  if (!file.contains(0, 4)) return false;
  file.read(0, 4, magic, "the file signature");
  return read_le(magic, 4) == kLocalHeader;
}

ZipArchive::ZipArchive(const BinaryFile& file) : file_(file) {
  const std::string& path = file.path();
  const Directory directory = read_directory_location(file);
  SIMCSE_CHECK(file.contains(directory.offset, directory.bytes), path, ": the zip central directory lies outside ",
               "the file (truncated or corrupt)");
  SIMCSE_CHECK(directory.bytes <= kMaxZipDirectoryBytes && directory.entries <= kMaxTensorsPerFile + 16, path,
               ": the zip central directory claims ", directory.entries, " entries in ", directory.bytes,
               " bytes, over the limits in io/input_limits.h");
  const std::string table = file.read_string(directory.offset, directory.bytes, "the zip central directory");
  const auto* bytes = reinterpret_cast<const unsigned char*>(table.data());
  uint64_t at = 0;
  for (uint64_t i = 0; i < directory.entries; ++i) {
    SIMCSE_CHECK(at + 46 <= table.size() && read_le(bytes + at, 4) == kCentralHeader, path,
                 ": zip central directory entry ", i, " is corrupt");
    const uint64_t name_length = read_le(bytes + at + 28, 2), extra_length = read_le(bytes + at + 30, 2),
                   comment_length = read_le(bytes + at + 32, 2);
    SIMCSE_CHECK(at + 46 + name_length + extra_length + comment_length <= table.size(), path,
                 ": zip central directory entry ", i, " runs past the directory (corrupt)");
    ZipEntry entry;
    entry.name = table.substr(at + 46, name_length);
    entry.method = static_cast<uint16_t>(read_le(bytes + at + 10, 2));
    entry.crc32 = static_cast<uint32_t>(read_le(bytes + at + 16, 4));
    uint64_t compressed = read_le(bytes + at + 20, 4), size = read_le(bytes + at + 24, 4),
             local_offset = read_le(bytes + at + 42, 4);
    apply_zip64_extra(table.substr(at + 46 + name_length, extra_length), path, entry.name, size, compressed,
                      local_offset);
    // The local header repeats the name and has its own extra field (PyTorch pads with it to
    // align tensor data to 64 bytes), so the data starts after both.
    unsigned char local[30];
    const std::string shown = quoted_input(entry.name);
    file.read(local_offset, 30, local, "the local header of zip entry '" + shown + "'");
    SIMCSE_CHECK(read_le(local, 4) == kLocalHeader, path, ": zip entry '", shown, "' points at a corrupt local header");
    entry.data_offset = local_offset + 30 + read_le(local + 26, 2) + read_le(local + 28, 2);
    entry.size = size;
    SIMCSE_CHECK(file.contains(entry.data_offset, compressed), path, ": zip entry '", shown,
                 "' lies outside the file (truncated?)");
    SIMCSE_CHECK(entry.method != 0 || compressed == size, path, ": zip entry '", shown,
                 "' is stored uncompressed but its two sizes differ (corrupt)");
    entries_.push_back(entry);
    at += 46 + name_length + extra_length + comment_length;
  }
}

const ZipEntry* ZipArchive::find(const std::string& name) const {
  for (const ZipEntry& entry : entries_)
    if (entry.name == name) return &entry;
  return nullptr;
}

namespace {

void require_stored(const BinaryFile& file, const ZipEntry& entry) {
  SIMCSE_CHECK(entry.method == 0, file.path(), ": zip entry '", quoted_input(entry.name), "' is compressed (method ",
               entry.method, "); torch.save writes uncompressed entries, so the archive was re-packed: save it again ",
               "with torch.save, or unzip and re-zip it with `zip -0`");
}

std::string hex32(uint32_t value) {
  char digits[9];
  std::snprintf(digits, sizeof digits, "%08x", value);
  return digits;
}

// A recorded CRC of 0 on a non-empty entry: written with CRCs off (see zip_archive.h), not checked.
void check_crc(const BinaryFile& file, const ZipEntry& entry, uint32_t computed) {
  SIMCSE_CHECK(computed == entry.crc32 || (entry.crc32 == 0 && entry.size > 0), file.path(), ": zip entry '",
               quoted_input(entry.name), "' is corrupt: its bytes have CRC-32 ", hex32(computed),
               " but the archive recorded ", hex32(entry.crc32));
}

}  // namespace

std::string ZipArchive::read(const ZipEntry& entry, uint64_t max_bytes) const {
  require_stored(file_, entry);
  SIMCSE_CHECK(entry.size <= max_bytes, file_.path(), ": zip entry '", quoted_input(entry.name), "' is ", entry.size,
               " bytes, over the limit of ", max_bytes, " (io/input_limits.h)");
  const std::string what = "zip entry '" + quoted_input(entry.name) + "'";
  const std::string bytes = file_.read_string(entry.data_offset, entry.size, what);
  check_crc(file_, entry, static_cast<uint32_t>(
      crc32_z(0, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size())));
  return bytes;
}

const ZipEntry& ZipArchive::require_intact(const ZipEntry& entry) const {
  require_stored(file_, entry);
  std::vector<unsigned char> chunk(std::min<uint64_t>(entry.size, 4 * kMiB));
  uLong crc = 0;
  for (uint64_t done = 0; done < entry.size;) {
    const uint64_t n = std::min<uint64_t>(chunk.size(), entry.size - done);
    file_.read(entry.data_offset + done, n, chunk.data(), "zip entry '" + quoted_input(entry.name) + "'");
    crc = crc32_z(crc, chunk.data(), n);
    done += n;
  }
  check_crc(file_, entry, static_cast<uint32_t>(crc));
  return entry;
}

}  // namespace simcse
