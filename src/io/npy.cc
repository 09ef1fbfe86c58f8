// npy.cc — the .npy writer (float32) and a reader for float32 / float64 arrays.
// Paper: none (infrastructure)
#include "io/npy.h"

#include <cstring>
#include <regex>
#include <sstream>

#include "core/error.h"
#include "io/atomic_file.h"
#include "io/binary_file.h"

namespace simcse {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr uint64_t kPreambleBytes = 10;  // magic (6), version (2), header length (2)

}  // namespace

void save_npy(const std::string& path, const std::vector<float>& values, const std::vector<int64_t>& shape) {
  int64_t count = 1;
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i) {
    count *= shape[i];
    dims += (i ? ", " : "") + std::to_string(shape[i]);
  }
  if (shape.size() == 1) dims += ",";  // Python's one-element tuple: (3,)
  SIMCSE_CHECK(count == static_cast<int64_t>(values.size()), path, ": ", values.size(),
               " values do not fill the array's shape");
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  header.append(64 - (kPreambleBytes + header.size() + 1) % 64, ' ');
  header += '\n';
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(kMagic, 6);
    const char version_and_length[4] = {1, 0, static_cast<char>(header.size() & 0xFF),
                                        static_cast<char>(header.size() >> 8)};
    out.write(version_and_length, 4);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * 4));
  });
}

NpyArray load_npy(const std::string& path) {
  BinaryFile file(path);
  unsigned char preamble[kPreambleBytes];
  file.read(0, kPreambleBytes, preamble, "the .npy preamble");
  SIMCSE_CHECK(std::memcmp(preamble, kMagic, 6) == 0 && preamble[6] == 1, path,
               ": not a version-1 .npy file (bad magic)");
  const uint64_t header_bytes = read_le(preamble + 8, 2);
  const std::string header = file.read_string(kPreambleBytes, header_bytes, "the .npy header");

  std::smatch match;
  SIMCSE_CHECK(std::regex_search(header, match, std::regex("'descr': *'(<f4|<f8)'")), path,
               ": only little-endian float32 or float64 arrays are supported; header ", header);
  const int width = match[1] == "<f4" ? 4 : 8;
  SIMCSE_CHECK(std::regex_search(header, std::regex("'fortran_order': *False")), path,
               ": only C-order arrays are supported");
  SIMCSE_CHECK(std::regex_search(header, match, std::regex("'shape': *\\(([0-9, ]*)\\)")), path,
               ": no shape in the header ", header);
  NpyArray array;
  int64_t count = 1;
  const std::string dims = match[1];
  std::istringstream numbers(std::regex_replace(dims, std::regex(","), " "));
  for (std::string number; numbers >> number;) {
    SIMCSE_CHECK(number.size() <= 12, path, ": impossible dimension ", number);
    array.shape.push_back(std::stoll(number));
    count *= array.shape.back();
    SIMCSE_CHECK(count <= static_cast<int64_t>(file.size()), path, ": shape (", dims, ") is larger than the file");
  }
  const uint64_t data_start = kPreambleBytes + header_bytes;
  SIMCSE_CHECK(file.size() - data_start == static_cast<uint64_t>(count) * width, path, ": the data holds ",
               file.size() - data_start, " bytes but shape needs ", count * width);
  std::vector<unsigned char> raw(static_cast<size_t>(count) * width);
  file.read(data_start, raw.size(), raw.data(), "the .npy data");
  array.values.resize(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    if (width == 4) {
      float value;
      std::memcpy(&value, raw.data() + i * 4, 4);
      array.values[i] = value;
    } else {
      std::memcpy(&array.values[i], raw.data() + i * 8, 8);
    }
  }
  return array;
}

}  // namespace simcse
