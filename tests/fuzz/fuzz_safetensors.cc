// fuzz_safetensors.cc — libFuzzer target: the input as a model.safetensors, indexed, converted and
// loaded as a model (weights_target.h). Seeds: the fixtures' model files and
// tests/fixtures/safetensors_rules/.
#include "io/safetensors.h"
#include "weights_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  simcse::fuzz::fuzz_weights_file("model.safetensors", simcse::fuzz::as_text(data, size),
                                  simcse::read_safetensors_index);
  return 0;
}
