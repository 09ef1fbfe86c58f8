// fuzz_npy.cc — libFuzzer target: .npy files. An even first byte: the rest is read as a .npy file
// (load_npy, which `simcse eval` uses for precomputed embeddings). An odd one: the rest becomes an
// array (a rank from 0 to 3 and small dimensions from the next bytes, float32 values from the
// remainder, zeros where it runs out) that save_npy writes and load_npy must read back exactly. Seeds:
// tests/fuzz/seeds/npy/ (files numpy wrote, and round-trip inputs).
#include <cmath>
#include <cstring>

#include "fuzz_support.h"
#include "io/npy.h"

namespace {

using namespace simcse;

void round_trip(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const int rank = data[0] % 4;
  if (size < 1 + static_cast<size_t>(rank)) return;
  std::vector<int64_t> shape;
  size_t count = 1;
  for (int axis = 0; axis < rank; ++axis) {
    shape.push_back(data[1 + axis] % 9);  // 0..8
    count *= static_cast<size_t>(shape.back());
  }
  const size_t offset = 1 + rank;
  std::vector<float> values(count);
  for (size_t i = 0; i < count && offset + 4 * (i + 1) <= size; ++i) std::memcpy(&values[i], data + offset + 4 * i, 4);
  const std::string path = (fuzz::scratch() / "array.npy").string();
  save_npy(path, values, shape);
  const NpyArray loaded = load_npy(path);
  if (loaded.shape != shape || loaded.values.size() != values.size()) __builtin_trap();
  for (size_t i = 0; i < values.size(); ++i) {
    // Bit for bit (so -0 stays -0); a NaN only has to stay a NaN (the float -> double conversion
    // load_npy makes quiets a signalling one).
    const float back = static_cast<float>(loaded.values[i]);
    if (std::isnan(values[i]) ? !std::isnan(back) : std::memcmp(&back, &values[i], 4) != 0) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] % 2 == 0) {
    const std::string path = fuzz::write_file("input.npy", fuzz::as_text(data + 1, size - 1));
    fuzz::errors_only([&] { load_npy(path); });
  } else {
    round_trip(data + 1, size - 1);  // any Error here is a failure too: valid arrays must round-trip
  }
  return 0;
}
