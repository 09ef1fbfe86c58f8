// npy.h — NumPy's .npy format: what `simcse encode` writes (float32, one row per sentence) and
// what tests read back.
// Paper: none (infrastructure)
#pragma once

// Layout (format version 1.0): the magic "\x93NUMPY", version 1 0, a little-endian u16 header
// length, a Python-dict header {'descr': '<f4', 'fortran_order': False, 'shape': (n, h), }
// padded with spaces to a multiple of 64 bytes, then the raw data.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace simcse {

// Writes a C-order float32 array (atomically: io/atomic_file.h).
void save_npy(const std::string& path, const std::vector<float>& values, const std::vector<int64_t>& shape);
// The same bytes to a stream (standard output, for `simcse encode --output -`); `name` names it in errors.
void write_npy(std::ostream& out, const std::vector<float>& values, const std::vector<int64_t>& shape,
               const std::string& name);

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<double> values;  // C order, whatever the stored type
};

// Reads a C-order little-endian float32 ('<f4') or float64 ('<f8') array.
NpyArray load_npy(const std::string& path);

}  // namespace simcse
