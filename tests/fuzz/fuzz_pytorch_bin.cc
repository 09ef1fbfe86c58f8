// fuzz_pytorch_bin.cc — libFuzzer target: the input as a pytorch_model.bin (zip + pickle: the
// central directory, CRC-32s, the pickle program), indexed, converted and loaded as a model
// (weights_target.h). Seeds: the fixtures' .bin files, the malformed ones included.
#include "io/pytorch_bin.h"
#include "weights_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  simcse::fuzz::fuzz_weights_file("pytorch_model.bin", simcse::fuzz::as_text(data, size),
                                  simcse::read_pytorch_bin_index);
  return 0;
}
