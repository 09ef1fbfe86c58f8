// zip_helpers.h — zip archives built and edited in tests: `stored_zip` writes one from (name, bytes)
// pairs as torch.save would (stored, with CRC-32s); `set_crc` and `with_recomputed_crcs` change
// recorded CRCs, e.g. to make them true again after a test edited an entry, so the test reaches
// the check it is aimed at.
#pragma once

#include <zlib.h>

#include <string>
#include <utility>
#include <vector>

#include "file_helpers.h"
#include "io/zip_archive.h"

namespace simcse::testing {

inline void append_le(std::string& out, uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out += static_cast<char>(value >> (8 * i));
}

inline uint32_t crc_of(const std::string& bytes) {
  return static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

// Local headers with the data, the central directory, the end record (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16).
inline std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out, directory;
  for (const auto& [name, data] : entries) {
    const uint64_t local_offset = out.size();
    append_le(out, 0x04034b50, 4);
    for (int field : {20, 0, 0, 0, 0}) append_le(out, field, 2);  // version, flags, method 0, time, date
    append_le(out, crc_of(data), 4), append_le(out, data.size(), 4), append_le(out, data.size(), 4);
    append_le(out, name.size(), 2), append_le(out, 0, 2);
    out += name + data;
    append_le(directory, 0x02014b50, 4);
    for (int field : {20, 20, 0, 0, 0, 0}) append_le(directory, field, 2);  // versions, flags, method, time, date
    append_le(directory, crc_of(data), 4), append_le(directory, data.size(), 4), append_le(directory, data.size(), 4);
    for (uint64_t field : {name.size(), size_t{0}, size_t{0}, size_t{0}, size_t{0}}) append_le(directory, field, 2);
    append_le(directory, 0, 4), append_le(directory, local_offset, 4);
    directory += name;
  }
  const uint64_t directory_offset = out.size();
  out += directory;
  append_le(out, 0x06054b50, 4);
  for (uint64_t field : {size_t{0}, size_t{0}, entries.size(), entries.size()}) append_le(out, field, 2);
  append_le(out, directory.size(), 4), append_le(out, directory_offset, 4), append_le(out, 0, 2);
  return out;
}

// The entries of the archive `bytes`, as ZipArchive reads them (from a copy at `scratch_path`).
inline std::vector<ZipEntry> zip_entries(const std::string& bytes, const std::string& scratch_path) {
  write_bytes(scratch_path, bytes);
  const BinaryFile file(scratch_path);
  return ZipArchive(file).entries();
}

// Records `crc` as the entry's CRC-32 in both of its headers (found as the old CRC's four bytes: a
// test's archive is too small for a collision).
inline void set_crc(std::string& bytes, const ZipEntry& entry, uint32_t crc) {
  std::string old_le, new_le;
  append_le(old_le, entry.crc32, 4), append_le(new_le, crc, 4);
  for (size_t at = bytes.find(old_le); at != std::string::npos; at = bytes.find(old_le, at + 4))
    bytes.replace(at, 4, new_le);
}

// The archive with each entry's CRC-32 made true again after a test edited the entry's bytes.
inline std::string with_recomputed_crcs(std::string bytes, const std::string& scratch_path) {
  for (const ZipEntry& entry : zip_entries(bytes, scratch_path))
    set_crc(bytes, entry, crc_of(bytes.substr(entry.data_offset, entry.size)));
  return bytes;
}

}  // namespace simcse::testing
