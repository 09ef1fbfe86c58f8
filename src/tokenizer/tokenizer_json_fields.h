// tokenizer_json_fields.h — reading the fields of Hugging Face's tokenizer files (tokenizer.json,
// vocab.json) with errors that name the file and the field: shared by the byte-level BPE reader
// (bpe_files.h) and the WordPiece one (wordpiece_json.h).
// Paper: none (tokenization; SimCSE uses each checkpoint's own tokenizer unchanged, §3)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"

namespace simcse {

// The whole file (at most kMaxJsonFileBytes), or an error naming it.
std::string read_tokenizer_file(const std::string& path);
// The file parsed as JSON (nesting bounded, io/json_file.h), or an error naming it.
nlohmann::json parse_tokenizer_json_file(const std::string& path);

// {"token": id, ...} -> tokens by id; ids must be 0 .. n-1, each used once. `source` names the
// object in errors ("vocab.json", "tokenizer.json: model.vocab").
std::vector<std::string> tokens_by_id(const nlohmann::json& vocab, const std::string& source);

// The field `name` of `object` as a T, or `fallback` when it is absent or null.
template <typename T>
T field_or(const nlohmann::json& object, const char* name, const T& fallback, const std::string& where) {
  if (!object.contains(name) || object[name].is_null()) return fallback;
  try {
    return object[name].get<T>();
  } catch (const nlohmann::json::exception&) {
    fail(where, ".", name, " has the wrong type: ", object[name].dump());
  }
}

// An error unless the field is absent, null, or `accepted`; `why` says why nothing else is read.
void expect_field(const nlohmann::json& object, const char* name, const nlohmann::json& accepted,
                  const std::string& where, const char* why);

}  // namespace simcse
