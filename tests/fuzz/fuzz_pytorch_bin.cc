// fuzz_pytorch_bin.cc — libFuzzer target: the input as a pytorch_model.bin (zip + pickle). Reads the
// index (central directory, CRC-32s, the pickle), converts every floating-point tensor, then loads
// it as a whole model against a small fixed config.json. Seeds: the fixtures' .bin files, the
// malformed ones included.
#include "fuzz_support.h"
#include "io/checkpoint.h"
#include "io/pytorch_bin.h"

namespace {

constexpr const char* kConfig = R"({"model_type": "bert", "hidden_act": "relu", "hidden_size": 8,
  "intermediate_size": 12, "max_position_embeddings": 24, "num_attention_heads": 2,
  "num_hidden_layers": 1, "type_vocab_size": 2, "vocab_size": 54})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace simcse;
  const std::string path = fuzz::write_file("model/pytorch_model.bin", fuzz::as_text(data, size));
  fuzz::write_file("model/config.json", kConfig);
  fuzz::errors_only([&] {
    const TensorFileIndex index = read_pytorch_bin_index(path);
    const BinaryFile file(path);
    for (const StoredTensor& stored : index.tensors)
      if (is_float_dtype(stored.dtype)) read_stored_tensor(file, stored);
  });
  fuzz::errors_only([&] { load_bert((fuzz::scratch() / "model").string()); });
  return 0;
}
