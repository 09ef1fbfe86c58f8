// checkpoint.cc — load_bert (name mapping, shape checks, the missing/unexpected report) and
// save_bert (staged writes, then renames).
// Paper: none (infrastructure: checkpoints; §3 for the MLP -> pooler mapping)
#include "io/checkpoint.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "backend/backend.h"
#include "io/model_directory.h"
#include "io/pytorch_bin.h"
#include "io/safetensors.h"
#include "io/zip_archive.h"

namespace simcse {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

std::string replace_suffix(const std::string& text, const std::string& suffix, const std::string& replacement) {
  if (text.size() < suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0)
    return text;
  return text.substr(0, text.size() - suffix.size()) + replacement;
}

std::string choose_weights_file(const std::string& directory) {
  for (const char* name : {"model.safetensors", "pytorch_model.bin"})
    if (fs::is_regular_file(fs::path(directory) / name)) return (fs::path(directory) / name).string();
  for (const char* name : {"model.safetensors.index.json", "pytorch_model.bin.index.json"})
    SIMCSE_CHECK(!fs::exists(fs::path(directory) / name), directory, ": sharded checkpoints (", name,
                 ") are not supported; save the model unsharded");
  fail(directory, ": no model.safetensors or pytorch_model.bin");
}

std::string join(const std::vector<std::string>& names, size_t limit = 12) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < limit; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > limit) text += ", ... (" + std::to_string(names.size() - limit) + " more)";
  return text;
}

std::string read_whole_file(const std::string& path, const char* what) {
  std::ifstream file(path, std::ios::binary);
  SIMCSE_CHECK(file.is_open(), path, ": cannot open the ", what);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

}  // namespace

std::string encoder_name(const std::string& stored_name) {
  std::string name = stored_name;
  if (starts_with(name, "bert.")) name = name.substr(5);
  if (starts_with(name, "mlp.")) name = "pooler." + name.substr(4);
  name = replace_suffix(name, "LayerNorm.gamma", "LayerNorm.weight");
  name = replace_suffix(name, "LayerNorm.beta", "LayerNorm.bias");
  return name;
}

// A zip archive is PyTorch's format; so is a .bin that is not one (it gets PyTorch's error message).
TensorFileIndex read_weights_index(const std::string& path) {
  BinaryFile file(path);
  return looks_like_zip(file) || fs::path(path).extension() == ".bin" ? read_pytorch_bin_index(path)
                                                                       : read_safetensors_index(path);
}

LoadedBert load_bert(const std::string& directory, Device device, const std::string& weights_file) {
  finish_interrupted_save(directory);
  const BertConfig config = BertConfig::from_file((fs::path(directory) / "config.json").string());
  const std::string path = weights_file.empty() ? choose_weights_file(directory) : weights_file;
  const TensorFileIndex index = read_weights_index(path);

  // encoder name -> the stored tensor that provides it
  std::map<std::string, const StoredTensor*> by_name;
  for (const StoredTensor& stored : index.tensors) {
    auto [slot, inserted] = by_name.emplace(encoder_name(stored.name), &stored);
    SIMCSE_CHECK(inserted, path, ": tensors '", slot->second->name, "' and '", stored.name,
                 "' both provide '", slot->first, "'");
  }
  const bool with_pooler = by_name.count("pooler.dense.weight") || by_name.count("pooler.dense.bias");

  BinaryFile file(path);
  std::vector<std::string> missing, mismatched;
  std::set<std::string> used;  // stored names the model took
  ParameterSource from_file = [&](const std::string& name, const Shape& shape) {
    auto found = by_name.find(name);
    if (found == by_name.end()) {
      missing.push_back(name);
      return Tensor::zeros(shape);  // keep building, so the error can list every problem at once
    }
    const StoredTensor& stored = *found->second;
    used.insert(stored.name);
    if (Shape(stored.shape) != shape) {
      mismatched.push_back("'" + stored.name + "' is " + Shape(stored.shape).str() + " in the file but " +
                           shape.str() + " by config.json");
      return Tensor::zeros(shape);
    }
    Tensor tensor = read_stored_tensor(file, stored);
    // A NaN anywhere (even an embedding row no sentence uses) would load cleanly and spread.
    const int64_t bad = backend_for(tensor.device()).count_nonfinite(tensor.data(), tensor.numel());
    SIMCSE_CHECK(bad == 0, path, ": tensor '", stored.name, "' holds ", bad, " NaN/Inf value(s)");
    return tensor;
  };
  BertModel model(config, on_device(from_file, device), with_pooler);

  std::vector<std::string> unexpected;
  for (const StoredTensor& stored : index.tensors)
    if (!used.count(stored.name)) unexpected.push_back(stored.name);
  if (!missing.empty() || !mismatched.empty()) {
    std::string message = path + ": does not fit the BERT that " + directory + "/config.json describes:";
    if (!missing.empty()) message += "\n  missing tensors: " + join(missing);
    if (!mismatched.empty()) message += "\n  shape mismatches: " + join(mismatched, 4);
    if (!unexpected.empty()) message += "\n  unexpected tensors (ignored): " + join(unexpected);
    fail(message);
  }
  return LoadedBert{std::move(model), path, std::move(unexpected)};
}

void write_bert_files(const std::string& folder, const BertModel& model, const std::string& vocab_file,
                      bool lowercase) {
  const std::string vocab = read_whole_file(vocab_file, "vocabulary to copy");  // before anything is written
  const json special_tokens = {{"cls_token", "[CLS]"}, {"sep_token", "[SEP]"}, {"pad_token", "[PAD]"},
                               {"mask_token", "[MASK]"}, {"unk_token", "[UNK]"}};
  json tokenizer_config = special_tokens;
  tokenizer_config["do_lower_case"] = lowercase;
  tokenizer_config["tokenizer_class"] = "BertTokenizer";
  tokenizer_config["model_max_length"] = model.config().max_position_embeddings;
  tokenizer_config["strip_accents"] = nullptr;
  tokenizer_config["tokenize_chinese_chars"] = true;

  auto write_text = [&](const char* name, const std::string& text) {
    const fs::path path = fs::path(folder) / name;
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.flush();
    SIMCSE_CHECK(out.good(), path.string(), ": writing failed (disk full?)");
  };
  write_text("config.json", model.config().to_json().dump(2) + "\n");
  write_text("vocab.txt", vocab);
  write_text("tokenizer_config.json", tokenizer_config.dump(2) + "\n");
  write_text("special_tokens_map.json", special_tokens.dump(2) + "\n");
  // transformers reads safetensors only when the metadata says which framework wrote it.
  save_safetensors((fs::path(folder) / "model.safetensors").string(), model.parameters().all(), {{"format", "pt"}});
}

void save_bert(const std::string& directory, const BertModel& model, const std::string& vocab_file, bool lowercase) {
  try {
    save_model_files(directory, [&](const std::string& staging) { write_bert_files(staging, model, vocab_file, lowercase); });
  } catch (const fs::filesystem_error& error) {
    fail(directory, ": saving failed: ", error.what());
  }
}

bool checkpoint_lowercase(const std::string& directory) {
  const fs::path path = fs::path(directory) / "tokenizer_config.json";
  if (!fs::is_regular_file(path)) return true;
  json config;
  try {
    config = json::parse(read_whole_file(path.string(), "tokenizer config"));
  } catch (const json::exception& error) {
    fail(path.string(), ": not valid JSON (", error.what(), ")");
  }
  if (!config.is_object() || !config.contains("do_lower_case")) return true;
  SIMCSE_CHECK(config["do_lower_case"].is_boolean(), path.string(), ": \"do_lower_case\" must be true or false");
  return config["do_lower_case"].get<bool>();
}

}  // namespace simcse
