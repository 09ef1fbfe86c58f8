// bert_config.cc — reading, checking and writing config.json.
// Paper: none (the encoder; SimCSE uses BERT and RoBERTa unchanged, §3)
#include "nn/bert_config.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/input_limits.h"
#include "io/json_file.h"

namespace simcse {

namespace {

using nlohmann::json;

// Copies json[key] into `field` when present, with an error naming the field when it has the wrong type.
template <typename T>
void read_field(const json& config, const char* key, T& field, const std::string& source) {
  if (!config.contains(key) || config[key].is_null()) return;
  const json& value = config[key];
  if constexpr (std::is_same_v<T, std::string>) {
    SIMCSE_CHECK(value.is_string(), source, ": \"", key, "\" must be a string, got ", json_summary(value));
  } else if constexpr (std::is_integral_v<T>) {
    SIMCSE_CHECK(value.is_number_integer(), source, ": \"", key, "\" must be an integer, got ", json_summary(value));
    SIMCSE_CHECK(!value.is_number_unsigned() || value.get<uint64_t>() <= INT64_MAX, source, ": \"", key, "\" is ",
                 json_summary(value), ", out of range");
  } else {
    SIMCSE_CHECK(value.is_number(), source, ": \"", key, "\" must be a number, got ", json_summary(value));
  }
  field = value.get<T>();
}

// The parameter count in 128-bit arithmetic (each dimension is below 2^31, so no term overflows),
// compared with kMaxModelParameters; the error names the largest term and its fields.
void check_parameter_count(const BertConfig& c, const std::string& source) {
  using Wide = unsigned __int128;
  const Wide h = c.hidden_size, i = c.intermediate_size, layers = c.num_hidden_layers;
  const std::pair<const char*, Wide> terms[] = {
      {"vocab_size x hidden_size (word embeddings)", Wide(c.vocab_size) * h},
      {"max_position_embeddings x hidden_size (position embeddings)", Wide(c.max_position_embeddings) * h},
      {"type_vocab_size x hidden_size (token type embeddings)", Wide(c.type_vocab_size) * h},
      {"num_hidden_layers x (4 hidden_size^2 + 2 hidden_size x intermediate_size) (the layers)",
       layers * (4 * h * h + 2 * h * i + i + 9 * h)},
      {"2 hidden_size (the embeddings' LayerNorm)", 2 * h},
      {"hidden_size^2 (the pooler)", h * h + h},
  };
  Wide total = 0;
  const std::pair<const char*, Wide>* largest = &terms[0];
  for (const auto& term : terms) {
    total += term.second;
    if (term.second > largest->second) largest = &term;
  }
  SIMCSE_CHECK(total <= static_cast<Wide>(kMaxModelParameters), source, ": the model would have more than ",
               kMaxModelParameters, " parameters, the limit in io/input_limits.h (", largest->first, " alone is ",
               static_cast<double>(largest->second), ")");
}

}  // namespace

void BertConfig::validate(const std::string& source) const {
  auto in_range = [&](const char* name, int64_t value, int64_t limit, const char* why) {
    SIMCSE_CHECK(value > 0, source, ": \"", name, "\" must be positive, got ", value);
    SIMCSE_CHECK(value <= limit, source, ": \"", name, "\" is ", value, ", over the limit of ", limit, " (", why,
                 "; io/input_limits.h)");
  };
  const char* int32_ids = "ids and sizes are int32";
  in_range("vocab_size", vocab_size, kMaxConfigDimension, int32_ids);
  in_range("hidden_size", hidden_size, kMaxConfigDimension, int32_ids);
  in_range("num_hidden_layers", num_hidden_layers, kMaxConfigLayers, "deeper than any published encoder");
  in_range("num_attention_heads", num_attention_heads, kMaxConfigDimension, int32_ids);
  in_range("intermediate_size", intermediate_size, kMaxConfigDimension, int32_ids);
  in_range("max_position_embeddings", max_position_embeddings, kMaxConfigDimension, int32_ids);
  in_range("type_vocab_size", type_vocab_size, kMaxConfigDimension, int32_ids);
  check_parameter_count(*this, source);
  SIMCSE_CHECK(hidden_size % num_attention_heads == 0, source, ": hidden_size ", hidden_size,
               " is not divisible by num_attention_heads ", num_attention_heads,
               " (each head gets hidden_size / heads dimensions)");
  SIMCSE_CHECK(hidden_act == "gelu" || hidden_act == "gelu_new" || hidden_act == "relu", source,
               ": hidden_act \"", quoted_input(hidden_act), "\" is not supported (use gelu, gelu_new or relu)");
  for (double p : {hidden_dropout_prob, attention_probs_dropout_prob})
    SIMCSE_CHECK(p >= 0 && p < 1, source, ": dropout probabilities must lie in [0, 1), got ", p);
  SIMCSE_CHECK(layer_norm_eps > 0 && std::isfinite(layer_norm_eps), source,
               ": layer_norm_eps must be positive and finite, got ", layer_norm_eps);
  SIMCSE_CHECK(initializer_range >= 0 && std::isfinite(initializer_range), source,
               ": initializer_range must be non-negative and finite, got ", initializer_range);
  SIMCSE_CHECK(pad_token_id >= 0 && pad_token_id < vocab_size, source, ": pad_token_id ", pad_token_id,
               " is outside the vocabulary of ", vocab_size);
  SIMCSE_CHECK(max_sequence_length() > 0, source, ": max_position_embeddings ", max_position_embeddings,
               " leaves no position for a token: RoBERTa numbers tokens from pad_token_id + 1 = ", pad_token_id + 1);
}

std::vector<std::pair<std::string, Shape>> BertConfig::parameter_shapes(bool with_pooler) const {
  const int64_t h = hidden_size, i = intermediate_size;
  std::vector<std::pair<std::string, Shape>> shapes = {
      {"embeddings.word_embeddings.weight", {vocab_size, h}},
      {"embeddings.position_embeddings.weight", {max_position_embeddings, h}},
      {"embeddings.token_type_embeddings.weight", {type_vocab_size, h}},
      {"embeddings.LayerNorm.weight", {h}},
      {"embeddings.LayerNorm.bias", {h}}};
  auto linear = [&](const std::string& prefix, int64_t in, int64_t out) {
    shapes.push_back({prefix + ".weight", {out, in}});
    shapes.push_back({prefix + ".bias", {out}});
  };
  auto layer_norm = [&](const std::string& prefix) {
    shapes.push_back({prefix + ".weight", {h}});
    shapes.push_back({prefix + ".bias", {h}});
  };
  for (int64_t layer = 0; layer < num_hidden_layers; ++layer) {
    const std::string prefix = "encoder.layer." + std::to_string(layer);
    for (const char* part : {".attention.self.query", ".attention.self.key", ".attention.self.value",
                             ".attention.output.dense"})
      linear(prefix + part, h, h);
    layer_norm(prefix + ".attention.output.LayerNorm");
    linear(prefix + ".intermediate.dense", h, i);
    linear(prefix + ".output.dense", i, h);
    layer_norm(prefix + ".output.LayerNorm");
  }
  if (with_pooler) linear("pooler.dense", h, h);
  return shapes;
}

BertConfig BertConfig::from_json(const json& config, const std::string& source) {
  SIMCSE_CHECK(config.is_object(), source, ": a config must be a JSON object");
  BertConfig result;
  if (config.contains("model_type")) {
    const json& type = config["model_type"];
    SIMCSE_CHECK(type == "bert" || type == "roberta", source, ": model_type ", json_summary(type),
                 " is not supported; this encoder implements BERT (\"bert\") and RoBERTa (\"roberta\")");
    if (type == "roberta") {  // RobertaConfig's defaults where they differ from BertConfig's
      result.model_type = ModelType::roberta;
      result.vocab_size = 50265;
      result.pad_token_id = 1;
    }
  }
  if (config.contains("position_embedding_type")) {
    SIMCSE_CHECK(config["position_embedding_type"] == "absolute", source, ": position_embedding_type ",
                 json_summary(config["position_embedding_type"]), " is not supported; only \"absolute\" is");
  }
  for (const char* flag : {"is_decoder", "add_cross_attention"}) {
    SIMCSE_CHECK(!config.contains(flag) || config[flag] != true, source, ": \"", flag,
                 "\": true is not supported; this is BERT as an encoder");
  }
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
  return from_json(read_json_file(path, "model config"), path);
}

json BertConfig::to_json() const {
  const bool roberta = model_type == ModelType::roberta;
  return {{"architectures", {roberta ? "RobertaModel" : "BertModel"}},
          {"model_type", model_type_name()},
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
