// safetensors.cc — the safetensors header parser (every rule of the reference reader, so a file
// loads here exactly when it loads in Python) and the F32 writer.
// Paper: none (infrastructure: checkpoint files)
#include "io/safetensors.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/atomic_file.h"
#include "io/input_limits.h"
#include "io/json_file.h"

namespace simcse {

namespace {

using nlohmann::json;

// A JSON array of non-negative integers, or an error naming the file, tensor and field.
std::vector<int64_t> unsigned_list(const json& value, const std::string& path, const std::string& name,
                                   const char* field) {
  SIMCSE_CHECK(value.is_array(), path, ": tensor '", quoted_input(name), "': \"", field,
               "\" must be a list of integers, got ", json_summary(value));
  std::vector<int64_t> numbers;
  for (const json& item : value) {
    SIMCSE_CHECK(item.is_number_unsigned() && item.get<uint64_t>() <= (uint64_t{1} << 62), path, ": tensor '",
                 quoted_input(name), "': \"", field, "\" holds ", json_summary(item), ", not a non-negative integer");
    numbers.push_back(item.get<int64_t>());
  }
  return numbers;
}

// "__metadata__" is optional; when present it is null or an object of strings (the reference
// reader's Option<HashMap<String, String>>), and anything else makes the file invalid.
void check_metadata(const json& metadata, const std::string& path) {
  if (metadata.is_null()) return;
  SIMCSE_CHECK(metadata.is_object(), path, ": \"__metadata__\" must be an object of strings, got ",
               json_summary(metadata));
  for (const auto& [key, value] : metadata.items())
    SIMCSE_CHECK(value.is_string(), path, ": \"__metadata__\" entry '", quoted_input(key), "' must be a string, got ",
                 json_summary(value));
}

StoredTensor parse_entry(const std::string& path, const std::string& name, const json& entry, uint64_t data_start,
                         uint64_t data_bytes) {
  const std::string shown = quoted_input(name);
  SIMCSE_CHECK(entry.is_object() && entry.contains("dtype") && entry.contains("shape") &&
                   entry.contains("data_offsets"),
               path, ": tensor '", shown, "' needs \"dtype\", \"shape\" and \"data_offsets\", got ",
               json_summary(entry));
  SIMCSE_CHECK(entry["dtype"].is_string(), path, ": tensor '", shown, "': \"dtype\" must be a string");
  StoredTensor stored;
  stored.name = name;
  stored.dtype = entry["dtype"].get<std::string>();
  const int bits = dtype_bits(stored.dtype);
  SIMCSE_CHECK(bits > 0, path, ": tensor '", shown, "' has unknown dtype '", quoted_input(stored.dtype), "'");
  stored.shape = unsigned_list(entry["shape"], path, name, "shape");
  const std::vector<int64_t> offsets = unsigned_list(entry["data_offsets"], path, name, "data_offsets");
  SIMCSE_CHECK(offsets.size() == 2 && offsets[0] <= offsets[1], path, ": tensor '", shown,
               "': \"data_offsets\" must be [begin, end] with begin <= end");
  const uint64_t begin = offsets[0], end = offsets[1];
  SIMCSE_CHECK(end <= data_bytes, path, ": tensor '", shown, "' lies at data bytes [", begin, ", ", end,
               ") but the data section has only ", data_bytes, " bytes (truncated or corrupt?)");
  // count <= 2^59 (checked_numel), so neither count * (bits / 8) nor, for the 4- and 6-bit dtypes,
  // count * bits can overflow.
  const uint64_t count = static_cast<uint64_t>(checked_numel(stored.shape, path, name));
  SIMCSE_CHECK(bits % 8 == 0 || count * bits % 8 == 0, path, ": tensor '", shown, "' has ", count, " elements of ",
               bits, " bits, which do not fill whole bytes");
  const uint64_t needed = bits % 8 == 0 ? count * (bits / 8) : count * bits / 8;
  SIMCSE_CHECK(end - begin == needed, path, ": tensor '", shown, "' has ", end - begin, " bytes but shape ",
               Shape(stored.shape), " of ", stored.dtype, " needs ", needed);
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
  SIMCSE_CHECK(header_bytes <= kMaxSafetensorsHeaderBytes, path, ": the header claims ", header_bytes,
               " bytes (over the 100 MB limit): not a safetensors file, or corrupt");
  const json header = parse_json(file.read_string(8, header_bytes, "the safetensors header"), path);
  SIMCSE_CHECK(header.is_object(), path, ": the safetensors header must be a JSON object");
  SIMCSE_CHECK(header.size() <= kMaxTensorsPerFile + 1, path, ": the header lists ", header.size(),
               " tensors, over the limit of ", kMaxTensorsPerFile, " (io/input_limits.h)");

  TensorFileIndex index;
  index.path = path;
  const uint64_t data_start = 8 + header_bytes, data_bytes = file.size() - data_start;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      check_metadata(entry, path);
      continue;
    }
    index.tensors.push_back(parse_entry(path, name, entry, data_start, data_bytes));
  }
  // The format packs the tensors: ordered by [begin, end), the first begins at data byte 0, each
  // next one where the one before ends, and the last ends at the end of the file. So no two
  // overlap, nothing lies between them, and nothing follows them (the reference reader's rules;
  // a zero-length tensor has begin = end and takes no room).
  std::sort(index.tensors.begin(), index.tensors.end(), [](const StoredTensor& a, const StoredTensor& b) {
    return std::pair(a.offset, a.bytes) < std::pair(b.offset, b.bytes);
  });
  uint64_t packed_end = data_start;
  for (size_t i = 0; i < index.tensors.size(); ++i) {
    const StoredTensor& stored = index.tensors[i];
    const std::string shown = quoted_input(stored.name);
    if (i == 0) {
      SIMCSE_CHECK(stored.offset == data_start, path, ": the first tensor, '", shown, "', starts at data byte ",
                   stored.offset - data_start, ", not 0 (corrupt header)");
    } else {
      const std::string before = quoted_input(index.tensors[i - 1].name);
      SIMCSE_CHECK(stored.offset >= packed_end, path, ": tensors '", before, "' and '", shown,
                   "' overlap in the file (corrupt header)");
      SIMCSE_CHECK(stored.offset == packed_end, path, ": ", stored.offset - packed_end, " bytes between tensors '",
                   before, "' and '", shown, "' belong to no tensor (corrupt header: the format packs tensors)");
    }
    packed_end = stored.offset + stored.bytes;
  }
  SIMCSE_CHECK(packed_end == file.size(), path, ": ", file.size() - packed_end,
               " bytes follow the last tensor (safetensors files end with their last tensor; truncated header or "
               "appended data?)");
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
