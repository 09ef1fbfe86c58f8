// npy.cc — the .npy writer (float32) and a reader for float32 / float64 arrays.
// Paper: none (infrastructure)
#include "io/npy.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "core/error.h"
#include "io/atomic_file.h"
#include "io/binary_file.h"
#include "io/input_limits.h"

namespace simcse {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr uint64_t kPreambleBytes = 10;  // magic (6), version (2), header length (2)

// What follows "'key':" (and spaces) in the header's dict, or "" when the key is absent. (A scan,
// not std::regex: libstdc++'s regex recurses once per character and a 64 KB header overflowed
// the stack.)
std::string_view value_of(std::string_view header, const std::string& key) {
  const size_t at = header.find("'" + key + "':");
  if (at == std::string_view::npos) return {};
  std::string_view rest = header.substr(at + key.size() + 3);
  return rest.substr(std::min(rest.find_first_not_of(' '), rest.size()));
}

}  // namespace

void write_npy(std::ostream& out, const std::vector<float>& values, const std::vector<int64_t>& shape,
               const std::string& name) {
  int64_t count = 1;
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i) {
    count *= shape[i];
    dims += (i ? ", " : "") + std::to_string(shape[i]);
  }
  if (shape.size() == 1) dims += ",";  // Python's one-element tuple: (3,)
  SIMCSE_CHECK(count == static_cast<int64_t>(values.size()), name, ": ", values.size(),
               " values do not fill the array's shape");
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  header.append(64 - (kPreambleBytes + header.size() + 1) % 64, ' ');
  header += '\n';
  out.write(kMagic, 6);
  const char version_and_length[4] = {1, 0, static_cast<char>(header.size() & 0xFF),
                                      static_cast<char>(header.size() >> 8)};
  out.write(version_and_length, 4);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * 4));
}

void save_npy(const std::string& path, const std::vector<float>& values, const std::vector<int64_t>& shape) {
  write_file_atomically(path, [&](std::ostream& out) { write_npy(out, values, shape, path); });
}

NpyArray load_npy(const std::string& path) {
  BinaryFile file(path);
  unsigned char preamble[kPreambleBytes];
  file.read(0, kPreambleBytes, preamble, "the .npy preamble");
  SIMCSE_CHECK(std::memcmp(preamble, kMagic, 6) == 0 && preamble[6] == 1, path,
               ": not a version-1 .npy file (bad magic)");
  const uint64_t header_bytes = read_le(preamble + 8, 2);
  const std::string header = file.read_string(kPreambleBytes, header_bytes, "the .npy header");

  const std::string shown = quoted_input(header);
  const std::string_view descr = value_of(header, "descr");
  SIMCSE_CHECK(descr.starts_with("'<f4'") || descr.starts_with("'<f8'"), path,
               ": only little-endian float32 or float64 arrays are supported; header ", shown);
  const int width = descr.starts_with("'<f4'") ? 4 : 8;
  SIMCSE_CHECK(value_of(header, "fortran_order").starts_with("False"), path, ": only C-order arrays are supported");
  std::string_view dims = value_of(header, "shape");
  const size_t close = dims.find(')');
  SIMCSE_CHECK(dims.starts_with('(') && close != std::string_view::npos &&
                   dims.substr(1, close - 1).find_first_not_of("0123456789, ") == std::string_view::npos,
               path, ": no shape (a tuple of integers) in the header ", shown);
  dims = dims.substr(1, close - 1);
  NpyArray array;
  int64_t count = 1;
  for (size_t start = 0; start <= dims.size();) {  // the pieces between commas, spaces trimmed
    size_t end = std::min(dims.find(',', start), dims.size());
    std::string_view piece = dims.substr(start, end - start);
    piece.remove_prefix(std::min(piece.find_first_not_of(' '), piece.size()));
    piece.remove_suffix(piece.size() - std::min(piece.find_last_not_of(' ') + 1, piece.size()));
    start = end + 1;
    if (piece.empty()) continue;
    SIMCSE_CHECK(piece.size() <= 12 && piece.find(' ') == std::string_view::npos, path, ": impossible dimension '",
                 quoted_input(piece), "'");
    const int64_t dim = std::stoll(std::string(piece));
    // count * dim <= file size, tested without forming a product that could overflow.
    SIMCSE_CHECK(dim == 0 || count <= static_cast<int64_t>(file.size()) / dim, path, ": shape (", quoted_input(dims),
                 ") is larger than the file");
    array.shape.push_back(dim);
    count *= dim;
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
