// safetensors.h — Hugging Face's safetensors format, read (every header field validated before a
// byte of data is read) and written (F32).
// Paper: none (infrastructure: checkpoint files)
#pragma once

// Layout: 8 bytes (little-endian u64) N, then N bytes of JSON mapping each tensor name to
// {"dtype", "shape", "data_offsets": [begin, end]} (offsets counted from the end of the header),
// then the raw little-endian data.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/tensor.h"
#include "io/stored_tensor.h"

namespace simcse {

// The tensors of a .safetensors file: checks the header as the reference reader does (size,
// JSON, "__metadata__" an object of strings, known dtypes, that each byte range matches its
// shape, and that the ranges are packed back to back from the start of the data section to the
// end of the file: no overlap, no gap, no trailing bytes).
TensorFileIndex read_safetensors_index(const std::string& path);

// Writes `tensors` in the given order as F32 (the double build rounds to float) with
// `metadata` as "__metadata__"; atomically (io/atomic_file.h).
void save_safetensors(const std::string& path, const std::vector<std::pair<std::string, Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace simcse
