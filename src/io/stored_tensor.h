// stored_tensor.h — one tensor as a checkpoint file stores it (name, dtype, shape, byte range), the
// index of a whole file, and the conversion of its bytes (F32, F16, BF16, F64) to Scalars, written
// once for both formats.
// Paper: none (infrastructure: checkpoint files)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"
#include "io/binary_file.h"

namespace simcse {

struct StoredTensor {
  std::string name;
  std::string dtype;           // spelled as safetensors does: "F32", "F16", "BF16", "F64", "I64", ...
  std::vector<int64_t> shape;
  uint64_t offset = 0;         // first byte, counted from the start of the file
  uint64_t bytes = 0;          // = numel * element size (checked when the index is built)

  int64_t numel() const;
};

// Every tensor of one checkpoint file, in the file's order.
struct TensorFileIndex {
  std::string path;
  std::vector<StoredTensor> tensors;

  const StoredTensor* find(const std::string& name) const;  // null if absent
};

// Bits per element of a dtype ("F32" -> 32, "F4" -> 4), or 0 for a name the safetensors format
// does not define; dtype_size is the same in bytes, 0 also for the sub-byte dtypes.
int dtype_bits(const std::string& dtype);
int dtype_size(const std::string& dtype);
// Can the dtype be converted to Scalar? (F32, F16, BF16, F64; integer buffers such as
// position_ids cannot.)
bool is_float_dtype(const std::string& dtype);

// Number of elements of a shape read from a file: an error naming the file and tensor if a
// dimension is negative or the product overflows.
int64_t checked_numel(const std::vector<int64_t>& shape, const std::string& path, const std::string& name);

// Reads the tensor's bytes from `file` and converts them to a Scalar tensor of its shape.
Tensor read_stored_tensor(const BinaryFile& file, const StoredTensor& stored);

// IEEE half and bfloat16 bit patterns to float (exact: every half and bfloat16 value is a float).
float half_to_float(uint16_t bits);
float bfloat16_to_float(uint16_t bits);

}  // namespace simcse
