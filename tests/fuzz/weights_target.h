// weights_target.h — the body of the two checkpoint fuzz targets (fuzz_safetensors.cc,
// fuzz_pytorch_bin.cc): the input as a weights file next to a small fixed config.json
// (one_layer_relu's); its index read, every floating-point tensor converted, then the directory
// loaded as a model, which runs load_bert's name and shape checks.
#pragma once

#include "fuzz_support.h"
#include "nn/bert_checkpoint.h"

namespace simcse::fuzz {

// tests/fixtures/encoder/one_layer_relu/config.json, trimmed to the fields that shape the model.
inline constexpr const char* kSmallConfig = R"({"model_type": "bert", "hidden_act": "relu", "hidden_size": 8,
  "intermediate_size": 12, "max_position_embeddings": 24, "num_attention_heads": 2,
  "num_hidden_layers": 1, "type_vocab_size": 2, "vocab_size": 54})";

// `read_index` is read_safetensors_index or read_pytorch_bin_index.
inline void fuzz_weights_file(const std::string& file_name, std::string_view bytes,
                              TensorFileIndex (*read_index)(const std::string&)) {
  const std::string path = write_file("model/" + file_name, bytes);
  write_file("model/config.json", kSmallConfig);
  errors_only([&] {
    const TensorFileIndex index = read_index(path);
    const BinaryFile file(path);
    for (const StoredTensor& stored : index.tensors)
      if (is_float_dtype(stored.dtype)) read_stored_tensor(file, stored);
  });
  errors_only([&] { load_bert((scratch() / "model").string()); });
}

}  // namespace simcse::fuzz
