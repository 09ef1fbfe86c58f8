// safetensors.cc — the safetensors header parser (with every check a corrupt file could need)
// and the F32 writer.
// Paper: none (infrastructure: checkpoint files)
#include "io/safetensors.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/atomic_file.h"

namespace simcse {

namespace {

using nlohmann::json;

// The safetensors library refuses headers above 100 MB; BERT-base's is about 20 KB.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

// A JSON array of non-negative integers, or an error naming the file, tensor and field.
std::vector<int64_t> unsigned_list(const json& value, const std::string& path, const std::string& name,
                                   const char* field) {
  SIMCSE_CHECK(value.is_array(), path, ": tensor '", name, "': \"", field, "\" must be a list of integers");
  std::vector<int64_t> numbers;
  for (const json& item : value) {
    SIMCSE_CHECK(item.is_number_unsigned() && item.get<uint64_t>() <= (uint64_t{1} << 62), path, ": tensor '", name,
                 "': \"", field, "\" holds ", item.dump(), ", not a non-negative integer");
    numbers.push_back(item.get<int64_t>());
  }
  return numbers;
}

StoredTensor parse_entry(const std::string& path, const std::string& name, const json& entry, uint64_t data_start,
                         uint64_t data_bytes) {
  SIMCSE_CHECK(entry.is_object() && entry.contains("dtype") && entry.contains("shape") &&
                   entry.contains("data_offsets"),
               path, ": tensor '", name, "' needs \"dtype\", \"shape\" and \"data_offsets\", got ", entry.dump());
  SIMCSE_CHECK(entry["dtype"].is_string(), path, ": tensor '", name, "': \"dtype\" must be a string");
  StoredTensor stored;
  stored.name = name;
  stored.dtype = entry["dtype"].get<std::string>();
  SIMCSE_CHECK(dtype_size(stored.dtype) > 0, path, ": tensor '", name, "' has unknown dtype '", stored.dtype, "'");
  stored.shape = unsigned_list(entry["shape"], path, name, "shape");
  const std::vector<int64_t> offsets = unsigned_list(entry["data_offsets"], path, name, "data_offsets");
  SIMCSE_CHECK(offsets.size() == 2 && offsets[0] <= offsets[1], path, ": tensor '", name,
               "': \"data_offsets\" must be [begin, end] with begin <= end");
  const uint64_t begin = offsets[0], end = offsets[1];
  SIMCSE_CHECK(end <= data_bytes, path, ": tensor '", name, "' lies at data bytes [", begin, ", ", end,
               ") but the data section has only ", data_bytes, " bytes (truncated or corrupt?)");
  const int64_t count = checked_numel(stored.shape, path, name);
  SIMCSE_CHECK(end - begin == static_cast<uint64_t>(count) * dtype_size(stored.dtype), path, ": tensor '", name,
               "' has ", end - begin, " bytes but shape ", Shape(stored.shape), " of ", stored.dtype, " needs ",
               count * dtype_size(stored.dtype));
  stored.offset = data_start + begin;
  stored.bytes = end - begin;
  return stored;
}

}  // namespace

TensorFileIndex read_safetensors_index(const std::string& path) {
  BinaryFile file(path);
  unsigned char length_bytes[8];
  file.read(0, 8, length_bytes, "the safetensors header length");
  const uint64_t header_bytes = read_le(length_bytes, 8);
  SIMCSE_CHECK(header_bytes <= kMaxHeaderBytes, path, ": the header claims ", header_bytes,
               " bytes (over the 100 MB limit): not a safetensors file, or corrupt");
  const std::string header_text = file.read_string(8, header_bytes, "the safetensors header");
  json header;
  try {
    header = json::parse(header_text);
  } catch (const json::exception& error) {
    fail(path, ": the safetensors header is not valid JSON (", error.what(), ")");
  }
  SIMCSE_CHECK(header.is_object(), path, ": the safetensors header must be a JSON object");

  TensorFileIndex index;
  index.path = path;
  const uint64_t data_start = 8 + header_bytes, data_bytes = file.size() - data_start;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    index.tensors.push_back(parse_entry(path, name, entry, data_start, data_bytes));
  }
  // Order by position in the file (JSON objects are unordered) and reject overlapping ranges.
  std::sort(index.tensors.begin(), index.tensors.end(),
            [](const StoredTensor& a, const StoredTensor& b) { return a.offset < b.offset; });
  for (size_t i = 1; i < index.tensors.size(); ++i) {
    const StoredTensor &before = index.tensors[i - 1], &after = index.tensors[i];
    SIMCSE_CHECK(before.offset + before.bytes <= after.offset, path, ": tensors '", before.name, "' and '",
                 after.name, "' overlap in the file (corrupt header)");
  }
  return index;
}

void save_safetensors(const std::string& path, const std::vector<std::pair<std::string, Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    SIMCSE_CHECK(!header.contains(name), path, ": tensor '", name, "' is given twice");
    const uint64_t bytes = static_cast<uint64_t>(tensor.numel()) * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", tensor.shape().dims()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string header_text = header.dump();
  header_text.append((8 - header_text.size() % 8) % 8, ' ');  // data starts 8-byte aligned, as the library writes

  write_file_atomically(path, [&](std::ostream& out) {
    unsigned char length_bytes[8];
    for (int i = 0; i < 8; ++i) length_bytes[i] = static_cast<unsigned char>(header_text.size() >> (8 * i));
    out.write(reinterpret_cast<const char*>(length_bytes), 8);
    out.write(header_text.data(), static_cast<std::streamsize>(header_text.size()));
    for (const auto& entry : tensors) {
      const std::vector<Scalar> values = entry.second.to_vector();
      const std::vector<float> as_float(values.begin(), values.end());
      out.write(reinterpret_cast<const char*>(as_float.data()),
                static_cast<std::streamsize>(as_float.size() * sizeof(float)));
    }
  });
}

}  // namespace simcse
