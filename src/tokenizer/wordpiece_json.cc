// wordpiece_json.cc — tokenizer.json's normalizer, pre-tokenizer, WordPiece model, post-processor
// and added tokens, checked field by field; and the same fields written back.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include "tokenizer/wordpiece_json.h"

#include "io/input_limits.h"
#include "io/json_file.h"
#include "tokenizer/tokenizer_json_fields.h"

namespace simcse {

namespace {

using nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// An object field that must be present, or an error naming it.
const json& object_field(const json& file, const char* name, const std::string& path) {
  SIMCSE_CHECK(file.contains(name) && file[name].is_object(), path, ": ", name, " must be an object, got ",
               file.contains(name) ? json_summary(file[name]) : std::string("nothing"));
  return file[name];
}

BertNormalization read_normalizer(const json& file, const std::string& path) {
  if (!file.contains("normalizer") || file["normalizer"].is_null()) return {false, false, false, false};
  const std::string where = path + ": normalizer";
  const json& normalizer = object_field(file, "normalizer", path);
  const std::string type = field_or<std::string>(normalizer, "type", "", where);
  SIMCSE_CHECK(type == "BertNormalizer", where, ".type is \"", quoted_input(type),
               "\": only \"BertNormalizer\" (or a null normalizer) is supported");
  BertNormalization result;
  result.clean_text = field_or<bool>(normalizer, "clean_text", true, where);
  result.handle_chinese_chars = field_or<bool>(normalizer, "handle_chinese_chars", true, where);
  result.lowercase = field_or<bool>(normalizer, "lowercase", true, where);
  result.strip_accents = field_or<bool>(normalizer, "strip_accents", result.lowercase, where);  // null: as lowercase
  return result;
}

void check_pre_tokenizer(const json& file, const std::string& path) {
  const std::string where = path + ": pre_tokenizer";
  const json& pre_tokenizer = object_field(file, "pre_tokenizer", path);
  const std::string type = field_or<std::string>(pre_tokenizer, "type", "", where);
  SIMCSE_CHECK(type == "BertPreTokenizer", where, ".type is \"", quoted_input(type),
               "\": only \"BertPreTokenizer\" (whitespace and punctuation, as BERT's) is supported");
}

// The two templates BERT's layout allows: [CLS]:0 A:0 [SEP]:0 and [CLS]:0 A:0 [SEP]:0 B:1 [SEP]:1.
json bert_template(const std::string& cls, const std::string& sep, bool pair) {
  json items = json::array({{{"SpecialToken", {{"id", cls}, {"type_id", 0}}}},
                            {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                            {{"SpecialToken", {{"id", sep}, {"type_id", 0}}}}});
  if (pair) {
    items.push_back({{"Sequence", {{"id", "B"}, {"type_id", 1}}}});
    items.push_back({{"SpecialToken", {{"id", sep}, {"type_id", 1}}}});
  }
  return items;
}

void check_post_processor(const json& file, const Vocabulary& vocab, const std::string& path) {
  const std::string where = path + ": post_processor";
  const json& post = object_field(file, "post_processor", path);
  const std::string type = field_or<std::string>(post, "type", "", where);
  const std::string cls(kClsToken), sep(kSepToken);
  if (type == "BertProcessing") {
    for (const char* name : {"cls", "sep"}) {
      const std::string& token = std::string(name) == "cls" ? cls : sep;
      const json expected = json::array({token, vocab.id_of(token)});
      SIMCSE_CHECK(post.contains(name) && post[name] == expected, where, ".", name, " is ",
                   post.contains(name) ? json_summary(post[name]) : std::string("missing"), ": expected ",
                   expected.dump(), " (BERT's special token and its vocabulary id)");
    }
    return;
  }
  SIMCSE_CHECK(type == "TemplateProcessing", where, ".type is \"", quoted_input(type),
               "\": only \"TemplateProcessing\" or \"BertProcessing\" spelling [CLS] A [SEP] (B [SEP]) is supported");
  for (const char* name : {"single", "pair"}) {
    const json expected = bert_template(cls, sep, std::string(name) == "pair");
    SIMCSE_CHECK(post.contains(name) && post[name] == expected, where, ".", name,
                 " is not BERT's layout: only ", std::string(name) == "pair" ? "[CLS] A [SEP] B [SEP]" : "[CLS] A [SEP]",
                 " with token types ", std::string(name) == "pair" ? "0 0 0 1 1" : "0 0 0", " is supported");
  }
  const json specials = post.contains("special_tokens") ? post["special_tokens"] : json::object();
  SIMCSE_CHECK(specials.is_object(), where, ".special_tokens must be an object");
  for (const std::string& token : {cls, sep}) {
    const json expected = {{"id", token}, {"ids", {vocab.id_of(token)}}, {"tokens", {token}}};
    SIMCSE_CHECK(specials.contains(token) && specials[token] == expected, where, ".special_tokens[\"", token,
                 "\"] must be ", expected.dump(), " (the token's vocabulary id)");
  }
}

void check_added_tokens(const json& file, const Vocabulary& vocab, const std::string& path) {
  const std::string where = path + ": added_tokens";
  const json added = file.contains("added_tokens") ? file["added_tokens"] : json::array();
  SIMCSE_CHECK(added.is_array(), where, " must be an array");
  for (size_t i = 0; i < added.size(); ++i) {
    const std::string entry_where = where + "[" + std::to_string(i) + "]";
    const json& entry = added[i];
    SIMCSE_CHECK(entry.is_object(), entry_where, " must be an object");
    const std::string content = field_or<std::string>(entry, "content", "", entry_where);
    const int64_t id = field_or<int64_t>(entry, "id", -1, entry_where);
    bool special = false;
    for (std::string_view token : kSpecialTokens) special = special || content == token;
    SIMCSE_CHECK(special && id == vocab.id_of(content), entry_where, " is \"", quoted_input(content), "\" with id ", id,
                 ": only BERT's five special tokens, each with its vocabulary id, are supported as added tokens");
  }
}

}  // namespace

BertTokenizer read_wordpiece_tokenizer_json(const std::string& path) {
  const json file = parse_tokenizer_json_file(path);
  SIMCSE_CHECK(file.is_object(), path, ": not a JSON object (is this a Hugging Face tokenizer.json?)");
  const std::string model_where = path + ": model";
  const json& model = object_field(file, "model", path);
  const std::string type = field_or<std::string>(model, "type", "", model_where);
  SIMCSE_CHECK(type == "WordPiece", model_where, ".type is \"", quoted_input(type), "\": expected \"WordPiece\"");
  SIMCSE_CHECK(model.contains("vocab"), model_where, ".vocab is missing");
  Vocabulary vocab = Vocabulary::from_tokens(tokens_by_id(model["vocab"], model_where + ".vocab"), model_where + ".vocab");
  expect_field(model, "unk_token", std::string(kUnkToken), model_where, "BERT's unknown token");
  WordPieceSettings wordpiece;
  wordpiece.continuing_subword_prefix =
      field_or<std::string>(model, "continuing_subword_prefix", wordpiece.continuing_subword_prefix, model_where);
  SIMCSE_CHECK(!wordpiece.continuing_subword_prefix.empty(), model_where,
               ".continuing_subword_prefix is empty: continuation pieces need a prefix");
  const int64_t max_chars = field_or<int64_t>(model, "max_input_chars_per_word",
                                              static_cast<int64_t>(wordpiece.max_input_chars_per_word), model_where);
  SIMCSE_CHECK(max_chars > 0, model_where, ".max_input_chars_per_word must be positive, got ", max_chars);
  wordpiece.max_input_chars_per_word = static_cast<size_t>(max_chars);

  const BertNormalization normalization = read_normalizer(file, path);
  check_pre_tokenizer(file, path);
  check_post_processor(file, vocab, path);
  check_added_tokens(file, vocab, path);
  return BertTokenizer(std::move(vocab), normalization, wordpiece);
}

std::string wordpiece_tokenizer_json(const BertTokenizer& tokenizer) {
  const Vocabulary& vocab = tokenizer.vocab();
  const BertNormalization& normalization = tokenizer.normalization();
  const WordPieceSettings& wordpiece = tokenizer.wordpiece_settings();
  ordered_json added = ordered_json::array();
  for (int32_t id = 0; id < vocab.size(); ++id) {  // in id order, as the tokenizers library lists them
    bool special = false;
    for (std::string_view token : kSpecialTokens) special = special || vocab.token(id) == token;
    if (!special) continue;
    added.push_back({{"id", id}, {"content", vocab.token(id)}, {"single_word", false}, {"lstrip", false},
                     {"rstrip", false}, {"normalized", false}, {"special", true}});
  }
  const std::string cls(kClsToken), sep(kSepToken);
  ordered_json special_tokens = ordered_json::object();
  for (const std::string& token : {cls, sep})
    special_tokens[token] = {{"id", token}, {"ids", {vocab.id_of(token)}}, {"tokens", {token}}};
  ordered_json vocab_json = ordered_json::object();
  for (int32_t id = 0; id < vocab.size(); ++id) vocab_json[vocab.token(id)] = id;

  ordered_json file;
  file["version"] = "1.0";
  file["truncation"] = nullptr;
  file["padding"] = nullptr;
  file["added_tokens"] = added;
  file["normalizer"] = {{"type", "BertNormalizer"},
                        {"clean_text", normalization.clean_text},
                        {"handle_chinese_chars", normalization.handle_chinese_chars},
                        {"strip_accents", normalization.strip_accents},
                        {"lowercase", normalization.lowercase}};
  file["pre_tokenizer"] = {{"type", "BertPreTokenizer"}};
  file["post_processor"] = {{"type", "TemplateProcessing"},
                            {"single", ordered_json::parse(bert_template(cls, sep, false).dump())},
                            {"pair", ordered_json::parse(bert_template(cls, sep, true).dump())},
                            {"special_tokens", special_tokens}};
  file["decoder"] = {{"type", "WordPiece"}, {"prefix", wordpiece.continuing_subword_prefix}, {"cleanup", true}};
  file["model"] = {{"type", "WordPiece"},
                   {"unk_token", std::string(kUnkToken)},
                   {"continuing_subword_prefix", wordpiece.continuing_subword_prefix},
                   {"max_input_chars_per_word", wordpiece.max_input_chars_per_word},
                   {"vocab", vocab_json}};
  return file.dump(2) + "\n";
}

}  // namespace simcse
