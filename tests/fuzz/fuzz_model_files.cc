// fuzz_model_files.cc — libFuzzer target: the input as each JSON file that says how to read a model
// directory: tokenizer.json (a WordPiece tokenizer, which then tokenizes the input itself),
// modules.json, the Pooling module's config.json and a Dense module's config.json (the latter two
// inside an otherwise valid sentence-transformers layout). Seeds: the fixtures' tokenizer.json,
// modules.json and module configs (tests/fixtures/sentence_transformers/).
#include <filesystem>

#include "fuzz_support.h"
#include "nn/sentence_transformers_files.h"
#include "tokenizer/wordpiece_json.h"

namespace {

const char* kModules = R"([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
 {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
 {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}])";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace simcse;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::errors_only([&] {
    const BertTokenizer tokenizer = read_wordpiece_tokenizer_json(fuzz::write_file("tokenizer.json", text));
    tokenizer.encode_batch({std::string(text), "a plain sentence."}, 32);
  });
  const std::filesystem::path dir = fuzz::scratch() / "model";
  std::filesystem::create_directories(dir / "1_Pooling");
  std::filesystem::create_directories(dir / "2_Dense");
  for (const char* role : {"modules.json", "1_Pooling/config.json", "2_Dense/config.json"}) {
    fuzz::write_file("model/modules.json", kModules);
    fuzz::write_file("model/1_Pooling/config.json", R"({"embedding_dimension": 8, "pooling_mode": "mean"})");
    fuzz::write_file("model/2_Dense/config.json", R"({"in_features": 8, "out_features": 4})");
    fuzz::write_file(std::string("model/") + role, text);
    fuzz::errors_only([&] {
      if (const auto layout = read_sentence_transformers_layout(dir.string()))
        load_sentence_transformers_head(*layout, 8, Device::cpu);  // no weights: an error after the configs
    });
  }
  return 0;
}
