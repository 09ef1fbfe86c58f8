// load_tokenizer.cc — which files a directory holds decides which tokenizer reads them.
// Paper: none (tokenization; SimCSE uses each checkpoint's own tokenizer unchanged, §3)
#include "tokenizer/load_tokenizer.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/input_limits.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/roberta_tokenizer.h"
#include "tokenizer/tokenizer_json_fields.h"
#include "tokenizer/wordpiece_json.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;

// model.type of a tokenizer.json ("BPE", "WordPiece", ...).
std::string tokenizer_json_model_type(const fs::path& path) {
  const nlohmann::json json = parse_tokenizer_json_file(path.string());
  const bool typed = json.is_object() && json.contains("model") && json["model"].is_object() &&
                     json["model"].contains("type") && json["model"]["type"].is_string();
  SIMCSE_CHECK(typed, path.string(), ": no model.type (is this a Hugging Face tokenizer.json?)");
  return json["model"]["type"].get<std::string>();
}

// A tokenizer.json of either kind, told apart by its model.
std::unique_ptr<Tokenizer> from_tokenizer_json(const fs::path& path) {
  const std::string type = tokenizer_json_model_type(path);
  if (type == "BPE") return std::make_unique<RobertaTokenizer>(RobertaTokenizer::from_tokenizer_json(path.string()));
  SIMCSE_CHECK(type == "WordPiece", path.string(), ": model.type is \"", quoted_input(type),
               "\": only \"WordPiece\" (BERT) and \"BPE\" (RoBERTa) are supported");
  return std::make_unique<BertTokenizer>(read_wordpiece_tokenizer_json(path.string()));
}

}  // namespace

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& path, bool lowercase) {
  const fs::path location(path);
  if (!fs::is_directory(location)) {
    SIMCSE_CHECK(fs::is_regular_file(location), path, ": no such tokenizer file or model directory");
    if (location.extension() == ".json") return from_tokenizer_json(location);
    return std::make_unique<BertTokenizer>(BertTokenizer::from_vocab_file(path, lowercase));
  }
  const fs::path tokenizer_json = location / "tokenizer.json", vocab_json = location / "vocab.json",
                 merges_txt = location / "merges.txt", vocab_txt = location / "vocab.txt";
  if (fs::is_regular_file(tokenizer_json) && tokenizer_json_model_type(tokenizer_json) == "BPE") {
    return std::make_unique<RobertaTokenizer>(RobertaTokenizer::from_tokenizer_json(tokenizer_json.string()));
  }
  if (fs::is_regular_file(vocab_json) && fs::is_regular_file(merges_txt)) {
    return std::make_unique<RobertaTokenizer>(RobertaTokenizer::from_files(vocab_json.string(), merges_txt.string()));
  }
  SIMCSE_CHECK(!fs::is_regular_file(vocab_json) || fs::is_regular_file(vocab_txt), path,
               ": vocab.json is here but merges.txt is missing (byte-level BPE needs both)");
  if (fs::is_regular_file(vocab_txt)) {
    return std::make_unique<BertTokenizer>(BertTokenizer::from_vocab_file(vocab_txt.string(), lowercase));
  }
  if (fs::is_regular_file(tokenizer_json)) return from_tokenizer_json(tokenizer_json);  // WordPiece, no vocab.txt
  fail(path, ": no tokenizer here (expected tokenizer.json, vocab.json + merges.txt, or vocab.txt)");
}

}  // namespace simcse
