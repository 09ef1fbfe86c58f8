// stored_tensor.cc — dtype sizes, the element-count check, and bytes -> Scalar conversion.
// Paper: none (infrastructure: checkpoint files)
#include "io/stored_tensor.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <map>

#include "core/error.h"
#include "io/input_limits.h"

namespace simcse {

static_assert(std::endian::native == std::endian::little,
              "checkpoint files are little-endian; this reader copies their bytes as they are");

int64_t StoredTensor::numel() const {
  int64_t count = 1;
  for (int64_t dim : shape) count *= dim;
  return count;
}

const StoredTensor* TensorFileIndex::find(const std::string& name) const {
  for (const StoredTensor& tensor : tensors)
    if (tensor.name == name) return &tensor;
  return nullptr;
}

int dtype_bits(const std::string& dtype) {
  // Every dtype of the safetensors format (its Dtype enum), with its width.
  static const std::map<std::string, int, std::less<>> bits = {
      {"BOOL", 8},   {"F4", 4},          {"F6_E2M3", 6},     {"F6_E3M2", 6},      {"U8", 8},
      {"I8", 8},     {"F8_E5M2", 8},     {"F8_E4M3", 8},     {"F8_E8M0", 8},      {"F8_E4M3FNUZ", 8},
      {"F8_E5M2FNUZ", 8}, {"I16", 16},   {"U16", 16},        {"F16", 16},         {"BF16", 16},
      {"I32", 32},   {"U32", 32},        {"F32", 32},        {"C64", 64},         {"F64", 64},
      {"I64", 64},   {"U64", 64}};
  auto found = bits.find(dtype);
  return found == bits.end() ? 0 : found->second;
}

int dtype_size(const std::string& dtype) { return dtype_bits(dtype) % 8 == 0 ? dtype_bits(dtype) / 8 : 0; }

bool is_float_dtype(const std::string& dtype) {
  return dtype == "F32" || dtype == "F16" || dtype == "BF16" || dtype == "F64";
}

int64_t checked_numel(const std::vector<int64_t>& shape, const std::string& path, const std::string& name) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    SIMCSE_CHECK(dim >= 0, path, ": tensor '", quoted_input(name), "' has a negative dimension ", dim);
    SIMCSE_CHECK(dim == 0 || count <= std::numeric_limits<int64_t>::max() / 16 / dim, path, ": tensor '",
                 quoted_input(name), "' has an impossibly large shape");
    count *= dim;
  }
  return count;
}

float half_to_float(uint16_t bits) {
  const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  const uint32_t exponent = (bits >> 10) & 0x1Fu;
  const uint32_t mantissa = bits & 0x3FFu;
  if (exponent == 0x1F) return std::bit_cast<float>(sign | 0x7F800000u | (mantissa << 13));  // inf, NaN
  if (exponent != 0) return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
  // Zero or subnormal: mantissa * 2^-24, exact in float.
  const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
  return sign ? -magnitude : magnitude;
}

float bfloat16_to_float(uint16_t bits) { return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16); }

Tensor read_stored_tensor(const BinaryFile& file, const StoredTensor& stored) {
  const std::string shown = quoted_input(stored.name);
  SIMCSE_CHECK(is_float_dtype(stored.dtype), file.path(), ": tensor '", shown, "' is stored as ",
               quoted_input(stored.dtype), "; only floating-point tensors (F32, F16, BF16, F64) can be loaded as weights");
  const int64_t count = checked_numel(stored.shape, file.path(), stored.name);
  SIMCSE_CHECK(stored.bytes == static_cast<uint64_t>(count) * dtype_size(stored.dtype), file.path(), ": tensor '",
               shown, "' has ", stored.bytes, " bytes but its shape ", Shape(stored.shape), " of ",
               stored.dtype, " needs ", count * dtype_size(stored.dtype));
  const int width = dtype_size(stored.dtype);
  std::vector<Scalar> values(static_cast<size_t>(count));
  // The file is read in chunks of a million elements, so loading never holds a whole tensor's
  // raw bytes next to its converted values (BERT-base's word embeddings are 94 MB each way).
  constexpr int64_t kChunk = int64_t{1} << 20;
  std::vector<unsigned char> raw(static_cast<size_t>(std::min(count, kChunk) * width));
  // One loop per dtype, so the type test is not repeated for each of BERT-base's 110M elements.
  auto convert = [&](int64_t first, int64_t n, auto element_to_scalar) {
    for (int64_t i = 0; i < n; ++i) values[first + i] = element_to_scalar(raw.data() + i * width);
  };
  auto bits16 = [](const unsigned char* e) { return static_cast<uint16_t>(e[0] | (e[1] << 8)); };
  for (int64_t first = 0; first < count; first += kChunk) {
    const int64_t n = std::min(kChunk, count - first);
    file.read(stored.offset + static_cast<uint64_t>(first) * width, static_cast<uint64_t>(n) * width, raw.data(),
              "tensor '" + shown + "'");
    if (stored.dtype == "F32") {
      convert(first, n, [](const unsigned char* e) { float v; std::memcpy(&v, e, 4); return static_cast<Scalar>(v); });
    } else if (stored.dtype == "F64") {
      convert(first, n, [](const unsigned char* e) { double v; std::memcpy(&v, e, 8); return static_cast<Scalar>(v); });
    } else if (stored.dtype == "F16") {
      convert(first, n, [&](const unsigned char* e) { return static_cast<Scalar>(half_to_float(bits16(e))); });
    } else {
      convert(first, n, [&](const unsigned char* e) { return static_cast<Scalar>(bfloat16_to_float(bits16(e))); });
    }
  }
  return Tensor::from_vector(Shape(stored.shape), values);
}

}  // namespace simcse
