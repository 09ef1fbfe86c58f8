// fuzz_safetensors.cc — libFuzzer target: the input as a model.safetensors. Reads the index, converts
// every floating-point tensor, then loads it as a whole model against a small fixed config.json
// (one_layer_relu's), which runs load_bert's name and shape checks. Seeds: the fixtures' model
// files and tests/fixtures/safetensors_rules/.
#include "fuzz_support.h"
#include "io/checkpoint.h"
#include "io/safetensors.h"

namespace {

// tests/fixtures/encoder/one_layer_relu/config.json, trimmed to the fields that shape the model.
constexpr const char* kConfig = R"({"model_type": "bert", "hidden_act": "relu", "hidden_size": 8,
  "intermediate_size": 12, "max_position_embeddings": 24, "num_attention_heads": 2,
  "num_hidden_layers": 1, "type_vocab_size": 2, "vocab_size": 54})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace simcse;
  const std::string path = fuzz::write_file("model/model.safetensors", fuzz::as_text(data, size));
  fuzz::write_file("model/config.json", kConfig);
  fuzz::errors_only([&] {
    const TensorFileIndex index = read_safetensors_index(path);
    const BinaryFile file(path);
    for (const StoredTensor& stored : index.tensors)
      if (is_float_dtype(stored.dtype)) read_stored_tensor(file, stored);
  });
  fuzz::errors_only([&] { load_bert((fuzz::scratch() / "model").string()); });
  return 0;
}
