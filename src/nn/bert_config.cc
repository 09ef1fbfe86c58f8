// bert_config.cc — reading, checking and writing config.json.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "nn/bert_config.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace simcse {

namespace {

using nlohmann::json;

// Copies json[key] into `field` when present, with an error naming the field when it has the wrong type.
template <typename T>
void read_field(const json& config, const char* key, T& field, const std::string& source) {
  if (!config.contains(key) || config[key].is_null()) return;
  const json& value = config[key];
  if constexpr (std::is_same_v<T, std::string>) {
    SIMCSE_CHECK(value.is_string(), source, ": \"", key, "\" must be a string, got ", value.dump());
  } else if constexpr (std::is_integral_v<T>) {
    SIMCSE_CHECK(value.is_number_integer(), source, ": \"", key, "\" must be an integer, got ", value.dump());
  } else {
    SIMCSE_CHECK(value.is_number(), source, ": \"", key, "\" must be a number, got ", value.dump());
  }
  field = value.get<T>();
}

}  // namespace

void BertConfig::validate(const std::string& source) const {
  auto positive = [&](const char* name, int64_t value) {
    SIMCSE_CHECK(value > 0, source, ": \"", name, "\" must be positive, got ", value);
  };
  positive("vocab_size", vocab_size);
  positive("hidden_size", hidden_size);
  positive("num_hidden_layers", num_hidden_layers);
  positive("num_attention_heads", num_attention_heads);
  positive("intermediate_size", intermediate_size);
  positive("max_position_embeddings", max_position_embeddings);
  positive("type_vocab_size", type_vocab_size);
  SIMCSE_CHECK(hidden_size % num_attention_heads == 0, source, ": hidden_size ", hidden_size,
               " is not divisible by num_attention_heads ", num_attention_heads,
               " (each head gets hidden_size / heads dimensions)");
  SIMCSE_CHECK(hidden_act == "gelu" || hidden_act == "gelu_new" || hidden_act == "relu", source,
               ": hidden_act \"", hidden_act, "\" is not supported (use gelu, gelu_new or relu)");
  for (double p : {hidden_dropout_prob, attention_probs_dropout_prob})
    SIMCSE_CHECK(p >= 0 && p < 1, source, ": dropout probabilities must lie in [0, 1), got ", p);
  SIMCSE_CHECK(layer_norm_eps > 0, source, ": layer_norm_eps must be positive, got ", layer_norm_eps);
  SIMCSE_CHECK(pad_token_id >= 0 && pad_token_id < vocab_size, source, ": pad_token_id ", pad_token_id,
               " is outside the vocabulary of ", vocab_size);
}

BertConfig BertConfig::from_json(const json& config, const std::string& source) {
  SIMCSE_CHECK(config.is_object(), source, ": a config must be a JSON object");
  if (config.contains("model_type")) {
    SIMCSE_CHECK(config["model_type"] == "bert", source, ": model_type ", config["model_type"].dump(),
                 " is not supported; this encoder implements BERT (model_type \"bert\")");
  }
  if (config.contains("position_embedding_type")) {
    SIMCSE_CHECK(config["position_embedding_type"] == "absolute", source, ": position_embedding_type ",
                 config["position_embedding_type"].dump(), " is not supported; only \"absolute\" is");
  }
  for (const char* flag : {"is_decoder", "add_cross_attention"}) {
    SIMCSE_CHECK(!config.contains(flag) || config[flag] != true, source, ": \"", flag,
                 "\": true is not supported; this is BERT as an encoder");
  }
  BertConfig result;
  read_field(config, "vocab_size", result.vocab_size, source);
  read_field(config, "hidden_size", result.hidden_size, source);
  read_field(config, "num_hidden_layers", result.num_hidden_layers, source);
  read_field(config, "num_attention_heads", result.num_attention_heads, source);
  read_field(config, "intermediate_size", result.intermediate_size, source);
  read_field(config, "hidden_act", result.hidden_act, source);
  read_field(config, "hidden_dropout_prob", result.hidden_dropout_prob, source);
  read_field(config, "attention_probs_dropout_prob", result.attention_probs_dropout_prob, source);
  read_field(config, "max_position_embeddings", result.max_position_embeddings, source);
  read_field(config, "type_vocab_size", result.type_vocab_size, source);
  read_field(config, "layer_norm_eps", result.layer_norm_eps, source);
  read_field(config, "pad_token_id", result.pad_token_id, source);
  read_field(config, "initializer_range", result.initializer_range, source);
  result.validate(source);
  return result;
}

BertConfig BertConfig::from_file(const std::string& path) {
  std::ifstream file(path);
  SIMCSE_CHECK(file.is_open(), path, ": cannot open the model config");
  json config;
  try {
    config = json::parse(file);
  } catch (const json::exception& error) {
    fail(path, ": not valid JSON (", error.what(), ")");
  }
  return from_json(config, path);
}

json BertConfig::to_json() const {
  return {{"architectures", {"BertModel"}},
          {"model_type", "bert"},
          {"vocab_size", vocab_size},
          {"hidden_size", hidden_size},
          {"num_hidden_layers", num_hidden_layers},
          {"num_attention_heads", num_attention_heads},
          {"intermediate_size", intermediate_size},
          {"hidden_act", hidden_act},
          {"hidden_dropout_prob", hidden_dropout_prob},
          {"attention_probs_dropout_prob", attention_probs_dropout_prob},
          {"max_position_embeddings", max_position_embeddings},
          {"type_vocab_size", type_vocab_size},
          {"layer_norm_eps", layer_norm_eps},
          {"pad_token_id", pad_token_id},
          {"initializer_range", initializer_range},
          {"position_embedding_type", "absolute"},
          {"dtype", "float32"}};
}

}  // namespace simcse
