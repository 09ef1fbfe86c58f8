// fuzz_json_config.cc — libFuzzer target: the input as config.json (BertConfig::from_file, and its
// parameter list when it is valid) and as tokenizer_config.json (checkpoint_lowercase), and through
// parse_json + json_summary. Seeds: the fixtures' config.json, tokenizer_config.json and
// special_tokens_map.json, and tiny_data/bert_config.json.
#include "fuzz_support.h"
#include "nn/bert_checkpoint.h"
#include "io/json_file.h"
#include "nn/bert_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace simcse;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::errors_only([&] {
    const BertConfig config = BertConfig::from_file(fuzz::write_file("config.json", text));
    // Valid configs can still describe 2^36 parameters: list the names only for small ones.
    if (config.num_hidden_layers <= 64) config.parameter_shapes(true);
  });
  fuzz::errors_only([&] {
    fuzz::write_file("model/tokenizer_config.json", text);
    checkpoint_lowercase((fuzz::scratch() / "model").string());
  });
  fuzz::errors_only([&] {
    const nlohmann::json value = parse_json(text, "input");
    json_summary(value);
    if (value.is_object())
      for (const auto& [key, item] : value.items()) json_summary(item);
  });
  return 0;
}
