// bert_checkpoint.cc — load_bert (name mapping, shape checks, the missing/unexpected report) and
// save_bert (staged writes, then renames; BERT's tokenizer files written, RoBERTa's copied).
// Paper: none (infrastructure: checkpoints; §3 for the MLP -> pooler mapping)
#include "nn/bert_checkpoint.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "backend/backend.h"
#include "io/input_limits.h"
#include "io/json_file.h"
#include "io/model_directory.h"
#include "io/pytorch_bin.h"
#include "io/safetensors.h"
#include "io/zip_archive.h"
#include "tokenizer/load_tokenizer.h"
#include "tokenizer/wordpiece_json.h"

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
  for (size_t i = 0; i < names.size() && i < limit; ++i) text += (i ? ", " : "") + quoted_input(names[i]);
  if (names.size() > limit) text += ", ... (" + std::to_string(names.size() - limit) + " more)";
  return text;
}

}  // namespace

std::string encoder_name(const std::string& stored_name, ModelType type) {
  std::string name = stored_name;
  const std::string prefix = type == ModelType::roberta ? "roberta." : "bert.";
  if (starts_with(name, prefix)) name = name.substr(prefix.size());
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
    auto [slot, inserted] = by_name.emplace(encoder_name(stored.name, config.model_type), &stored);
    SIMCSE_CHECK(inserted, path, ": tensors '", quoted_input(slot->second->name), "' and '", quoted_input(stored.name),
                 "' both provide '", quoted_input(slot->first), "'");
  }
  const bool with_pooler = by_name.count("pooler.dense.weight") || by_name.count("pooler.dense.bias");

  // Every name and shape is compared before anything is allocated, so a config that does not fit
  // the file (a million layers, a huge vocabulary) is an error at once, not memory spent first.
  std::vector<std::string> missing, mismatched;
  std::set<std::string> used;  // stored names the model takes
  for (const auto& [name, shape] : config.parameter_shapes(with_pooler)) {
    auto found = by_name.find(name);
    if (found == by_name.end()) {
      missing.push_back(name);
      continue;
    }
    const StoredTensor& stored = *found->second;
    used.insert(stored.name);
    if (Shape(stored.shape) != shape)
      mismatched.push_back(quoted_input(stored.name).insert(0, 1, '\'') + "' is " + Shape(stored.shape).str() +
                           " in the file but " + shape.str() + " by config.json");
  }
  std::vector<std::string> unexpected;
  for (const StoredTensor& stored : index.tensors)
    if (!used.count(stored.name)) unexpected.push_back(stored.name);
  if (!missing.empty() || !mismatched.empty()) {
    const std::string kind = config.model_type == ModelType::roberta ? "RoBERTa" : "BERT";
    std::string message = path + ": does not fit the " + kind + " that " + directory + "/config.json describes:";
    if (!missing.empty()) message += "\n  missing tensors: " + join(missing);
    if (!mismatched.empty()) message += "\n  shape mismatches: " + join(mismatched, 4);
    if (!unexpected.empty()) message += "\n  unexpected tensors (ignored): " + join(unexpected);
    fail(message);
  }

  BinaryFile file(path);
  const ParameterSource from_file = [&](const std::string& name, const Shape&) {
    auto found = by_name.find(name);
    SIMCSE_CHECK(found != by_name.end(), "BertModel asks for '", name, "', which BertConfig::parameter_shapes omits");
    Tensor tensor = read_stored_tensor(file, *found->second);
    // A NaN anywhere (even an embedding row no sentence uses) would load cleanly and spread.
    const int64_t bad = backend_for(tensor.device()).count_nonfinite(tensor.data(), tensor.numel());
    SIMCSE_CHECK(bad == 0, path, ": tensor '", quoted_input(found->second->name), "' holds ", bad, " NaN/Inf value(s)");
    return tensor;
  };
  try {
    return LoadedBert{BertModel(config, on_device(from_file, device), with_pooler), path, std::move(unexpected)};
  } catch (const std::bad_alloc&) {
    fail(path, ": not enough memory for the model ", directory, "/config.json describes");
  }
}

namespace {

using TextFiles = std::vector<std::pair<std::string, std::string>>;  // file name, contents

// BERT's tokenizer files from a vocab.txt (or a directory holding one), or from a tokenizer.json (as
// transformers 5 saves it), whose vocabulary, in id order, becomes the vocab.txt and whose casing wins.
TextFiles bert_tokenizer_files(const BertModel& model, std::string vocab_file, bool lowercase) {
  if (fs::is_directory(vocab_file)) vocab_file = (fs::path(vocab_file) / "vocab.txt").string();
  const bool from_json = fs::path(vocab_file).filename() == "tokenizer.json";
  const BertTokenizer tokenizer = from_json ? read_wordpiece_tokenizer_json(vocab_file)
                                            : BertTokenizer::from_vocab_file(vocab_file, lowercase);
  std::string vocab;
  if (from_json) {
    for (int32_t id = 0; id < tokenizer.vocab().size(); ++id) vocab += tokenizer.vocab().token(id) + "\n";
    lowercase = tokenizer.lowercase();
  } else {
    vocab = read_whole_file(vocab_file, kMaxVocabFileBytes, "vocabulary to copy");
  }
  // transformers 5 and sentence-transformers read the fast tokenizer file only (tokenizer/wordpiece_json.h).
  const std::string tokenizer_json = wordpiece_tokenizer_json(tokenizer);
  const json special_tokens = {{"cls_token", "[CLS]"}, {"sep_token", "[SEP]"}, {"pad_token", "[PAD]"},
                               {"mask_token", "[MASK]"}, {"unk_token", "[UNK]"}};
  json tokenizer_config = special_tokens;
  tokenizer_config["do_lower_case"] = lowercase;
  tokenizer_config["tokenizer_class"] = "BertTokenizer";
  tokenizer_config["model_max_length"] = model.config().max_sequence_length();
  tokenizer_config["strip_accents"] = nullptr;
  tokenizer_config["tokenize_chinese_chars"] = true;
  return {{"vocab.txt", vocab},
          {"tokenizer.json", tokenizer_json},
          {"tokenizer_config.json", tokenizer_config.dump(2) + "\n"},
          {"special_tokens_map.json", special_tokens.dump(2) + "\n"}};
}

// RoBERTa's tokenizer files, copied from `directory` once they have been read as a tokenizer whose
// <pad> is config.json's pad_token_id (RoBERTa's position ids depend on it). Without a
// tokenizer_config.json there, one naming RobertaTokenizer and its special tokens is written.
TextFiles roberta_tokenizer_files(const BertModel& model, const std::string& directory) {
  SIMCSE_CHECK(fs::is_directory(directory), directory,
               ": a RoBERTa model is saved with the tokenizer files of a directory (vocab.json + merges.txt "
               "or tokenizer.json), not a single file");
  const auto tokenizer = load_tokenizer(directory, /*lowercase=*/false);
  SIMCSE_CHECK(tokenizer->vocab().pad_id() == model.config().pad_token_id, directory, ": the tokenizer's padding id ",
               tokenizer->vocab().pad_id(), " is not the model's pad_token_id ", model.config().pad_token_id,
               " (RoBERTa numbers positions from it)");
  TextFiles files;
  for (const char* name : {"vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json",
                           "special_tokens_map.json"}) {
    const fs::path path = fs::path(directory) / name;
    if (fs::is_regular_file(path)) files.emplace_back(name, read_whole_file(path.string(), kMaxJsonFileBytes, name));
  }
  if (!fs::is_regular_file(fs::path(directory) / "tokenizer_config.json")) {
    const json tokenizer_config = {{"tokenizer_class", "RobertaTokenizer"}, {"bos_token", "<s>"}, {"eos_token", "</s>"},
                                   {"cls_token", "<s>"}, {"sep_token", "</s>"}, {"pad_token", "<pad>"},
                                   {"unk_token", "<unk>"}, {"mask_token", "<mask>"}, {"add_prefix_space", false},
                                   {"model_max_length", model.config().max_sequence_length()}};
    files.emplace_back("tokenizer_config.json", tokenizer_config.dump(2) + "\n");
  }
  return files;
}

}  // namespace

void write_bert_files(const std::string& folder, const BertModel& model, const std::string& tokenizer_files,
                      bool lowercase) {
  // Read before anything is written.
  const TextFiles files = model.config().model_type == ModelType::roberta
                              ? roberta_tokenizer_files(model, tokenizer_files)
                              : bert_tokenizer_files(model, tokenizer_files, lowercase);
  auto write_text = [&](const std::string& name, const std::string& text) {
    const fs::path path = fs::path(folder) / name;
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.flush();
    SIMCSE_CHECK(out.good(), path.string(), ": writing failed (disk full?)");
  };
  write_text("config.json", model.config().to_json().dump(2) + "\n");
  for (const auto& [name, text] : files) write_text(name, text);
  // transformers reads safetensors only when the metadata says which framework wrote it.
  save_safetensors((fs::path(folder) / "model.safetensors").string(), model.parameters().all(), {{"format", "pt"}});
}

void save_bert(const std::string& directory, const BertModel& model, const std::string& tokenizer_files,
               bool lowercase) {
  try {
    save_model_files(directory,
                     [&](const std::string& staging) { write_bert_files(staging, model, tokenizer_files, lowercase); });
  } catch (const fs::filesystem_error& error) {
    fail(directory, ": saving failed: ", error.what());
  }
}

bool checkpoint_lowercase(const std::string& directory) {
  const fs::path path = fs::path(directory) / "tokenizer_config.json";
  if (!fs::is_regular_file(path)) return true;
  const json config = read_json_file(path.string(), "tokenizer config");
  if (!config.is_object() || !config.contains("do_lower_case")) return true;
  SIMCSE_CHECK(config["do_lower_case"].is_boolean(), path.string(), ": \"do_lower_case\" must be true or false");
  return config["do_lower_case"].get<bool>();
}

}  // namespace simcse
