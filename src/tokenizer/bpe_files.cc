// bpe_files.cc — vocab.json, merges.txt and tokenizer.json, with errors naming file, line or field.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#include "tokenizer/bpe_files.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "tokenizer/tokenizer_json_fields.h"

namespace simcse {
namespace {

using nlohmann::json;

// "left right" -> a merge, or an error naming `where`.
BpeMerge merge_from_line(std::string_view line, const std::string& where) {
  const size_t space = line.find(' ');
  SIMCSE_CHECK(space != std::string_view::npos && space > 0 && space + 1 < line.size() &&
                   line.find(' ', space + 1) == std::string_view::npos,
               where, ": expected a merge \"left right\" (two tokens, one space), got \"", line, "\"");
  return {std::string(line.substr(0, space)), std::string(line.substr(space + 1)), where};
}

std::vector<BpeMerge> read_merges_txt(const std::string& path) {
  std::istringstream text(read_tokenizer_file(path));
  std::vector<BpeMerge> merges;
  size_t line_number = 0;
  for (std::string line; std::getline(text, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a Windows line ending
    if (line.starts_with("#version")) continue;                  // the header Hugging Face writes
    merges.push_back(merge_from_line(line, path + ":" + std::to_string(line_number)));
  }
  return merges;
}

// ---- tokenizer.json fields -------------------------------------------------------------------------

std::vector<BpeMerge> merges_from_json(const json& merges, const std::string& where) {
  SIMCSE_CHECK(merges.is_array(), where, " must be an array of merges");
  std::vector<BpeMerge> result;
  for (size_t i = 0; i < merges.size(); ++i) {
    const std::string entry = where + "[" + std::to_string(i) + "]";
    const json& merge = merges[i];
    if (merge.is_string()) {  // the older form, "left right"
      result.push_back(merge_from_line(merge.get<std::string>(), entry));
    } else {
      SIMCSE_CHECK(merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string(), entry,
                   ": expected [\"left\", \"right\"] or \"left right\", got ", merge.dump());
      result.push_back({merge[0].get<std::string>(), merge[1].get<std::string>(), entry});
    }
  }
  return result;
}

}  // namespace

BpeFiles read_vocab_and_merges(const std::string& vocab_json, const std::string& merges_txt, bool add_prefix_space) {
  BpeFiles files;
  files.vocab_source = vocab_json;
  const json vocab = parse_tokenizer_json_file(vocab_json);
  files.tokens = tokens_by_id(vocab, vocab_json);
  files.merges = read_merges_txt(merges_txt);
  for (std::string_view special : {kRobertaSpecialTokens.cls, kRobertaSpecialTokens.pad, kRobertaSpecialTokens.sep,
                                   kRobertaSpecialTokens.unk, kRobertaSpecialTokens.mask}) {
    const auto found = vocab.find(std::string(special));
    if (found != vocab.end()) files.added_tokens.push_back({std::string(special), found->get<int32_t>()});
  }
  files.add_prefix_space = add_prefix_space;
  return files;
}

BpeFiles read_tokenizer_json(const std::string& path) {
  const json file = parse_tokenizer_json_file(path);
  SIMCSE_CHECK(file.is_object() && file.contains("model") && file["model"].is_object(), path,
               ": no \"model\" object (is this a Hugging Face tokenizer.json?)");
  BpeFiles files;

  // model: a plain BPE, as RoBERTa's (no dropout, no subword prefix or suffix, no byte fallback).
  const json& model = file["model"];
  const std::string model_where = path + ": model";
  const std::string type = field_or<std::string>(model, "type", "", model_where);
  SIMCSE_CHECK(type == "BPE", model_where, ".type is \"", type, "\": only \"BPE\" (byte-level, as RoBERTa's) is read here");
  expect_field(model, "dropout", json(0.0), model_where, "dropout makes tokenization random");
  expect_field(model, "continuing_subword_prefix", "", model_where, "byte-level BPE marks word starts with a space");
  expect_field(model, "end_of_word_suffix", "", model_where, "byte-level BPE marks word starts with a space");
  expect_field(model, "byte_fallback", false, model_where, "every byte is already a token");
  expect_field(model, "ignore_merges", false, model_where, "RoBERTa always merges");
  SIMCSE_CHECK(model.contains("vocab"), model_where, ".vocab is missing");
  files.vocab_source = model_where + ".vocab";
  files.tokens = tokens_by_id(model["vocab"], files.vocab_source);
  SIMCSE_CHECK(model.contains("merges"), model_where, ".merges is missing");
  files.merges = merges_from_json(model["merges"], model_where + ".merges");

  // No normaliser: byte-level BPE spells the text exactly as written.
  SIMCSE_CHECK(!file.contains("normalizer") || file["normalizer"].is_null(), path, ": normalizer is ",
               file["normalizer"].dump(), ": only null (none, as RoBERTa's) is supported");

  const std::string pre_where = path + ": pre_tokenizer";
  SIMCSE_CHECK(file.contains("pre_tokenizer") && file["pre_tokenizer"].is_object(), pre_where,
               " must be {\"type\": \"ByteLevel\", ...}");
  const json& pre_tokenizer = file["pre_tokenizer"];
  const std::string pre_type = field_or<std::string>(pre_tokenizer, "type", "", pre_where);
  SIMCSE_CHECK(pre_type == "ByteLevel", pre_where, ".type is \"", pre_type, "\": only \"ByteLevel\" is supported");
  expect_field(pre_tokenizer, "use_regex", true, pre_where, "GPT-2's pattern splits the text");
  files.add_prefix_space = field_or<bool>(pre_tokenizer, "add_prefix_space", false, pre_where);

  const std::string post_where = path + ": post_processor";
  SIMCSE_CHECK(file.contains("post_processor") && file["post_processor"].is_object(), post_where,
               " must be {\"type\": \"RobertaProcessing\", ...} (<s> A </s></s> B </s>)");
  const json& post_processor = file["post_processor"];
  const std::string post_type = field_or<std::string>(post_processor, "type", "", post_where);
  SIMCSE_CHECK(post_type == "RobertaProcessing", post_where, ".type is \"", post_type,
               "\": only \"RobertaProcessing\" is supported");
  const auto special = [&](const char* name) {
    const json& pair = post_processor.contains(name) ? post_processor[name] : json();
    SIMCSE_CHECK(pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_number_integer(),
                 post_where, ".", name, " must be [\"token\", id], got ", pair.dump());
    const std::string token = pair[0].get<std::string>();
    const int64_t id = pair[1].get<int64_t>();
    SIMCSE_CHECK(id >= 0 && id < static_cast<int64_t>(files.tokens.size()) && files.tokens[id] == token, post_where,
                 ".", name, " is [\"", token, "\", ", id, "], which is not that token's id in model.vocab");
    return token;
  };
  files.cls_token = special("cls");
  files.sep_token = special("sep");

  const std::string added_where = path + ": added_tokens";
  const json added = file.contains("added_tokens") ? file["added_tokens"] : json::array();
  SIMCSE_CHECK(added.is_array(), added_where, " must be an array");
  for (size_t i = 0; i < added.size(); ++i) {
    const std::string where = added_where + "[" + std::to_string(i) + "]";
    const json& entry = added[i];
    SIMCSE_CHECK(entry.is_object(), where, " must be an object");
    AddedToken token;
    token.content = field_or<std::string>(entry, "content", "", where);
    const int64_t id = field_or<int64_t>(entry, "id", -1, where);
    SIMCSE_CHECK(id >= 0 && id < static_cast<int64_t>(files.tokens.size()) && files.tokens[id] == token.content, where,
                 " is \"", token.content, "\" with id ", id,
                 ", which is not that token's id in model.vocab (added tokens outside the vocabulary are not supported)");
    token.id = static_cast<int32_t>(id);
    expect_field(entry, "single_word", false, where, "RoBERTa's added tokens match inside words");
    token.lstrip = field_or<bool>(entry, "lstrip", false, where);
    token.rstrip = field_or<bool>(entry, "rstrip", false, where);
    token.normalized = field_or<bool>(entry, "normalized", false, where);
    files.added_tokens.push_back(token);
  }
  return files;
}

}  // namespace simcse
