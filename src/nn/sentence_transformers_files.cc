// sentence_transformers_files.cc — modules.json and the module folders, checked field by field;
// and the same files written for a SimCSE model.
// Paper: §3 (the [CLS] representation with an MLP), §6.3 (poolers)
#include "nn/sentence_transformers_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "backend/backend.h"
#include "io/binary_file.h"
#include "io/input_limits.h"
#include "io/json_file.h"
#include "io/safetensors.h"
#include "io/stored_tensor.h"
#include "nn/bert_checkpoint.h"

namespace simcse {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// sentence-transformers' pooling modes in its concatenation order (models/Pooling.py), with the
// older config's boolean key for each and the pooler that computes it.
struct PoolingMode {
  const char* name;
  const char* legacy_key;
  Pooler pooler;
};
constexpr PoolingMode kPoolingModes[] = {
    {"cls", "pooling_mode_cls_token", Pooler::cls_before_pooler},
    {"max", "pooling_mode_max_tokens", Pooler::max},
    {"mean", "pooling_mode_mean_tokens", Pooler::avg},
    {"mean_sqrt_len_tokens", "pooling_mode_mean_sqrt_len_tokens", Pooler::mean_sqrt_len},
    {"weightedmean", "pooling_mode_weightedmean_tokens", Pooler::weighted_mean},
    {"lasttoken", "pooling_mode_lasttoken", Pooler::last_token},
};

// Dense activations by torch class name (sentence-transformers saves fullname(module)).
const std::map<std::string, std::optional<Activation>>& dense_activations() {
  static const std::map<std::string, std::optional<Activation>> names = {
      {"torch.nn.modules.activation.Tanh", Activation::tanh},
      {"torch.nn.modules.linear.Identity", std::nullopt},
      {"torch.nn.modules.activation.ReLU", Activation::relu},
      {"torch.nn.modules.activation.GELU", Activation::gelu},
  };
  return names;
}

// "sentence_transformers.models.Pooling" and "sentence_transformers.sentence_transformer.modules.
// pooling.Pooling" (the newer module path) are both "Pooling".
std::string module_kind(const std::string& type) {
  if (!type.starts_with("sentence_transformers.")) return "";
  return type.substr(type.rfind('.') + 1);
}

json read_config(const fs::path& path, const char* what) {
  SIMCSE_CHECK(fs::is_regular_file(path), path.string(), ": missing (modules.json names this module)");
  const json config = read_json_file(path.string(), what);
  SIMCSE_CHECK(config.is_object(), path.string(), ": not a JSON object");
  return config;
}

void check_known_keys(const json& config, const std::set<std::string>& known, const fs::path& path) {
  for (const auto& [key, value] : config.items())
    SIMCSE_CHECK(known.count(key), path.string(), ": field \"", quoted_input(key),
                 "\" is not one this project implements (", json_summary(value), ")");
}

template <typename T>
T typed_field(const json& config, const char* name, const T& fallback, const fs::path& path) {
  if (!config.contains(name) || config[name].is_null()) return fallback;
  try {
    return config[name].get<T>();
  } catch (const json::exception&) {
    fail(path.string(), ": \"", name, "\" has the wrong type: ", json_summary(config[name]));
  }
}

// A field that may be absent but, when present, must have the one value implemented.
void expect_value(const json& config, const char* name, const json& accepted, const fs::path& path) {
  SIMCSE_CHECK(!config.contains(name) || config[name] == accepted, path.string(), ": \"", name, "\" is ",
               json_summary(config[name]), ": only ", accepted.dump(), " is implemented");
}

// A module path inside the directory (no absolute path, no "..").
fs::path module_folder(const fs::path& directory, const std::string& path, const fs::path& modules_file, size_t index) {
  const fs::path relative(path);
  bool escapes = relative.is_absolute();
  for (const fs::path& part : relative) escapes = escapes || part == "..";
  SIMCSE_CHECK(!escapes, modules_file.string(), ": module ", index, " has path \"", quoted_input(path),
               "\", which leaves the model directory");
  return path.empty() ? directory : directory / relative;
}

void read_transformer_config(const fs::path& folder, SentenceTransformersLayout& layout) {
  const fs::path path = folder / "sentence_bert_config.json";
  if (!fs::exists(path)) return;
  const json config = read_config(path, "sentence-transformers config");
  check_known_keys(config,
                   {"max_seq_length", "do_lower_case", "transformer_task", "modality_config", "module_output_name",
                    "unpad_inputs", "model_args", "tokenizer_args", "config_args", "cache_dir", "backend"},
                   path);
  if (config.contains("max_seq_length") && !config["max_seq_length"].is_null()) {
    const int64_t length = typed_field<int64_t>(config, "max_seq_length", 0, path);
    SIMCSE_CHECK(length >= 2, path.string(), ": \"max_seq_length\" must be at least 2, got ", length);
    layout.max_seq_length = length;
  }
  layout.do_lower_case = typed_field<bool>(config, "do_lower_case", false, path);
  expect_value(config, "transformer_task", "feature-extraction", path);
  expect_value(config, "module_output_name", "token_embeddings", path);
  expect_value(config, "modality_config",
               {{"text", {{"method", "forward"}, {"method_output_name", "last_hidden_state"}}}}, path);
  expect_value(config, "backend", "torch", path);
  for (const char* name : {"model_args", "tokenizer_args", "config_args"})
    SIMCSE_CHECK(!config.contains(name) || config[name].is_null() || config[name] == json::object(), path.string(), ": \"",
                 name, "\" is ", json_summary(config[name]), ": only {} (no extra arguments) is implemented");
}

void read_pooling_config(const fs::path& folder, SentenceTransformersLayout& layout) {
  const fs::path path = folder / "config.json";
  const json config = read_config(path, "Pooling config");
  std::set<std::string> known = {"word_embedding_dimension", "embedding_dimension", "pooling_mode", "include_prompt"};
  for (const PoolingMode& mode : kPoolingModes) known.insert(mode.legacy_key);
  check_known_keys(config, known, path);
  layout.pooling_config = path.string();
  const char* dimension_key = config.contains("embedding_dimension") ? "embedding_dimension" : "word_embedding_dimension";
  layout.pooling_dimension = typed_field<int64_t>(config, dimension_key, 0, path);
  SIMCSE_CHECK(layout.pooling_dimension > 0, path.string(), ": \"", dimension_key, "\" must be a positive integer");
  typed_field<bool>(config, "include_prompt", true, path);  // only its type: no prompts are used here

  if (config.contains("pooling_mode")) {  // the newer form: a name or a list of names, in order
    const json& value = config["pooling_mode"];
    const json names = value.is_array() ? value : json::array({value});
    SIMCSE_CHECK(!names.empty(), path.string(), ": \"pooling_mode\" is an empty list");
    for (const json& name : names) {
      const PoolingMode* found = nullptr;
      for (const PoolingMode& mode : kPoolingModes)
        if (name.is_string() && name.get<std::string>() == mode.name) found = &mode;
      SIMCSE_CHECK(found, path.string(), ": \"pooling_mode\" ", json_summary(name),
                   " is not one of cls, max, mean, mean_sqrt_len_tokens, weightedmean, lasttoken");
      layout.pooling.push_back(found->pooler);
    }
    return;
  }
  for (const PoolingMode& mode : kPoolingModes)  // the older form: booleans, concatenated in this order
    if (typed_field<bool>(config, mode.legacy_key, false, path)) layout.pooling.push_back(mode.pooler);
  if (layout.pooling.empty()) layout.pooling.push_back(Pooler::avg);  // sentence-transformers' default
}

HeadLayer load_dense(const fs::path& folder, Device device) {
  const fs::path path = folder / "config.json";
  const json config = read_config(path, "Dense config");
  check_known_keys(config,
                   {"in_features", "out_features", "bias", "activation_function", "module_input_name",
                    "module_output_name", "use_residual"},
                   path);
  const int64_t in = typed_field<int64_t>(config, "in_features", 0, path);
  const int64_t out = typed_field<int64_t>(config, "out_features", 0, path);
  SIMCSE_CHECK(in > 0 && in <= kMaxConfigDimension && out > 0 && out <= kMaxConfigDimension, path.string(),
               ": \"in_features\" and \"out_features\" must be positive integers, got ", in, " and ", out);
  const bool with_bias = typed_field<bool>(config, "bias", true, path);
  expect_value(config, "module_input_name", "sentence_embedding", path);
  expect_value(config, "module_output_name", "sentence_embedding", path);
  expect_value(config, "use_residual", false, path);
  const std::string activation =
      typed_field<std::string>(config, "activation_function", "torch.nn.modules.activation.Tanh", path);
  const auto found = dense_activations().find(activation);
  SIMCSE_CHECK(found != dense_activations().end(), path.string(), ": \"activation_function\" \"",
               quoted_input(activation), "\" is not implemented (Tanh, Identity, ReLU and GELU are)");

  HeadLayer layer;
  layer.kind = HeadLayer::Kind::dense;
  layer.activation = found->second;
  layer.source = folder.string();
  std::string weights;
  for (const char* name : {"model.safetensors", "pytorch_model.bin"})
    if (weights.empty() && fs::is_regular_file(folder / name)) weights = (folder / name).string();
  SIMCSE_CHECK(!weights.empty(), folder.string(), ": no model.safetensors or pytorch_model.bin for the Dense layer");
  const TensorFileIndex index = read_weights_index(weights);
  const BinaryFile file(weights);
  const auto tensor = [&](const char* name, const Shape& shape) {
    for (const StoredTensor& stored : index.tensors) {
      if (stored.name != name) continue;
      SIMCSE_CHECK(Shape(stored.shape) == shape, weights, ": ", name, " is ", Shape(stored.shape).str(), " but ",
                   path.string(), " says ", shape.str());
      Tensor value = read_stored_tensor(file, stored);
      const int64_t bad = backend_for(value.device()).count_nonfinite(value.data(), value.numel());
      SIMCSE_CHECK(bad == 0, weights, ": ", name, " holds ", bad, " NaN/Inf value(s)");
      return value.to(device);
    }
    fail(weights, ": no tensor ", name, " (a sentence-transformers Dense layer stores linear.weight, linear.bias)");
  };
  layer.weight = tensor("linear.weight", Shape({out, in}));
  if (with_bias) layer.bias = tensor("linear.bias", Shape({out}));
  return layer;
}

void write_json(const fs::path& path, const json& value) {
  std::ofstream out(path, std::ios::trunc);
  out << value.dump(2) << "\n";
  out.flush();
  SIMCSE_CHECK(out.good(), path.string(), ": writing failed (disk full?)");
}

}  // namespace

std::optional<SentenceTransformersLayout> read_sentence_transformers_layout(const std::string& directory) {
  const fs::path dir(directory), modules_file = dir / kModulesFile;
  if (!fs::exists(modules_file)) return std::nullopt;
  const json modules = read_json_file(modules_file.string(), "sentence-transformers modules list");
  SIMCSE_CHECK(modules.is_array() && !modules.empty(), modules_file.string(),
               ": expected a non-empty list of modules [{\"idx\", \"name\", \"path\", \"type\"}, ...]");
  SentenceTransformersLayout layout;
  bool pooled = false;
  for (size_t i = 0; i < modules.size(); ++i) {
    const json& module = modules[i];
    SIMCSE_CHECK(module.is_object() && module.contains("type") && module["type"].is_string() &&
                     module.contains("path") && module["path"].is_string(),
                 modules_file.string(), ": module ", i, " must be an object with string \"type\" and \"path\"");
    const std::string type = module["type"].get<std::string>(), kind = module_kind(type);
    const fs::path folder = module_folder(dir, module["path"].get<std::string>(), modules_file, i);
    if (i == 0) {
      SIMCSE_CHECK(kind == "Transformer", modules_file.string(), ": module 0 is \"", quoted_input(type),
                   "\": the first module must be a Transformer (the BERT)");
      layout.transformer_folder = folder.string();
      read_transformer_config(folder, layout);
    } else if (kind == "Pooling") {
      SIMCSE_CHECK(!pooled, modules_file.string(), ": module ", i, " is a second Pooling module");
      read_pooling_config(folder, layout);
      pooled = true;
    } else if (kind == "Dense" || kind == "Normalize") {
      SIMCSE_CHECK(pooled, modules_file.string(), ": module ", i, " (", kind,
                   ") comes before the Pooling module: it would see token vectors, which is not implemented");
      layout.layers.push_back({kind == "Dense" ? HeadLayer::Kind::dense : HeadLayer::Kind::normalize, folder.string()});
    } else {
      fail(modules_file.string(), ": module ", i, " has type \"", quoted_input(type),
           "\", which this project does not implement (Transformer, Pooling, Dense and Normalize are)");
    }
  }
  SIMCSE_CHECK(pooled, modules_file.string(), ": no Pooling module (this project needs one after the Transformer)");
  return layout;
}

SentenceHead load_sentence_transformers_head(const SentenceTransformersLayout& layout, int64_t hidden, Device device) {
  SIMCSE_CHECK(layout.pooling_dimension == hidden, layout.pooling_config, ": the embedding dimension is ",
               layout.pooling_dimension, " but the Transformer's hidden_size is ", hidden);
  SentenceHead head;
  head.pooling = layout.pooling;
  for (const auto& [kind, folder] : layout.layers) {
    if (kind == HeadLayer::Kind::dense) {
      head.layers.push_back(load_dense(folder, device));
    } else {
      HeadLayer normalize;
      normalize.source = folder;
      head.layers.push_back(normalize);
    }
  }
  head.dimension(hidden);  // every Dense layer's input must be what comes before it
  return head;
}

bool sentence_transformers_can_say(Pooler pooler) {
  return pooler != Pooler::avg_top2 && pooler != Pooler::avg_first_last;
}

Pooler pooler_from_sentence_transformers_mode(const std::string& name) {
  for (const PoolingMode& mode : kPoolingModes)
    if (name == mode.name) return mode.pooler;
  fail("pooling mode '", quoted_input(name), "' is not one of cls, max, mean, mean_sqrt_len_tokens, weightedmean, lasttoken");
}

std::optional<Activation> dense_activation_from_name(const std::string& name) {
  if (name == "identity") return std::nullopt;
  for (Activation kind : {Activation::tanh, Activation::relu, Activation::gelu})
    if (name == activation_name(kind)) return kind;
  fail("Dense activation '", quoted_input(name), "' is not one of tanh, identity, relu, gelu");
}

SentenceHead sentence_transformers_head_of(Pooler pooler, const BertModel& model) {
  if (pooler != Pooler::cls) return SentenceHead::of_pooler(pooler);
  SIMCSE_CHECK(model.has_pooler(), "the cls pooler needs BERT's pooler weights");
  // SimCSE's cls pooler is tanh(W h_[CLS] + b): sentence-transformers says it as the [CLS] token then a Dense layer.
  HeadLayer dense;
  dense.kind = HeadLayer::Kind::dense;
  dense.weight = model.parameters().get("pooler.dense.weight");
  dense.bias = model.parameters().get("pooler.dense.bias");
  dense.activation = Activation::tanh;
  return SentenceHead{{Pooler::cls_before_pooler}, {dense}};
}

void write_sentence_transformers_files(const std::string& folder, const SentenceHead& head, int64_t hidden,
                                       int64_t max_seq_length) {
  for (Pooler pooler : head.pooling)
    SIMCSE_CHECK(sentence_transformers_can_say(pooler) && pooler != Pooler::cls, "write_sentence_transformers_files: ",
                 "sentence-transformers has no pooling mode for ", pooler_name(pooler));
  head.dimension(hidden);  // the layers chain
  const fs::path dir(folder);
  json modules = json::array({{{"idx", 0}, {"name", "0"}, {"path", ""}, {"type", "sentence_transformers.models.Transformer"}},
                              {{"idx", 1}, {"name", "1"}, {"path", "1_Pooling"}, {"type", "sentence_transformers.models.Pooling"}}});
  json pooling = {{"word_embedding_dimension", hidden}, {"include_prompt", true}};
  for (const PoolingMode& mode : kPoolingModes)
    pooling[mode.legacy_key] = std::find(head.pooling.begin(), head.pooling.end(), mode.pooler) != head.pooling.end();
  write_json(dir / "sentence_bert_config.json", {{"max_seq_length", max_seq_length}, {"do_lower_case", false}});
  fs::create_directories(dir / "1_Pooling");
  write_json(dir / "1_Pooling" / "config.json", pooling);
  for (size_t k = 0; k < head.layers.size(); ++k) {
    const HeadLayer& layer = head.layers[k];
    const int index = static_cast<int>(k) + 2;
    const bool dense = layer.kind == HeadLayer::Kind::dense;
    const std::string path = std::to_string(index) + (dense ? "_Dense" : "_Normalize");
    modules.push_back({{"idx", index}, {"name", std::to_string(index)}, {"path", path},
                       {"type", dense ? "sentence_transformers.models.Dense" : "sentence_transformers.models.Normalize"}});
    fs::create_directories(dir / path);
    if (!dense) continue;
    std::string activation;
    for (const auto& [torch_name, value] : dense_activations())
      if (value == layer.activation) activation = torch_name;
    write_json(dir / path / "config.json", {{"in_features", layer.in_features()},
                                            {"out_features", layer.out_features()},
                                            {"bias", layer.bias.defined()},
                                            {"activation_function", activation}});
    std::vector<std::pair<std::string, Tensor>> tensors = {{"linear.weight", layer.weight}};
    if (layer.bias.defined()) tensors.push_back({"linear.bias", layer.bias});
    save_safetensors((dir / path / "model.safetensors").string(), tensors, {{"format", "pt"}});
  }
  write_json(dir / kModulesFile, modules);
}

}  // namespace simcse
