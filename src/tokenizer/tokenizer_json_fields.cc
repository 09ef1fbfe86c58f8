// tokenizer_json_fields.cc — bounded reads of tokenizer files and the checks on their fields.
// Paper: none (tokenization; SimCSE uses each checkpoint's own tokenizer unchanged, §3)
#include "tokenizer/tokenizer_json_fields.h"

#include "io/binary_file.h"
#include "io/input_limits.h"
#include "io/json_file.h"

namespace simcse {

using nlohmann::json;

std::string read_tokenizer_file(const std::string& path) {
  return read_whole_file(path, kMaxJsonFileBytes, "tokenizer file");
}

json parse_tokenizer_json_file(const std::string& path) { return parse_json(read_tokenizer_file(path), path); }

std::vector<std::string> tokens_by_id(const json& vocab, const std::string& source) {
  SIMCSE_CHECK(vocab.is_object() && !vocab.empty(), source, ": expected a non-empty object {\"token\": id, ...}");
  std::vector<std::string> tokens(vocab.size());
  std::vector<bool> used(vocab.size(), false);
  for (const auto& [token, id] : vocab.items()) {
    SIMCSE_CHECK(!token.empty(), source, ": a token is the empty string");
    SIMCSE_CHECK(id.is_number_integer() && id.get<int64_t>() >= 0 && id.get<int64_t>() < static_cast<int64_t>(tokens.size()),
                 source, ": the id of \"", quoted_input(token), "\" is ", json_summary(id), "; the ", tokens.size(),
                 " ids must be 0 .. ", tokens.size() - 1);
    const auto index = id.get<size_t>();
    SIMCSE_CHECK(!used[index], source, ": id ", index, " is given to both \"", quoted_input(tokens[index]), "\" and \"",
                 quoted_input(token), "\"");
    used[index] = true;
    tokens[index] = token;
  }
  return tokens;  // n distinct ids in 0 .. n-1: every id is used
}

void expect_field(const json& object, const char* name, const json& accepted, const std::string& where,
                  const char* why) {
  if (!object.contains(name) || object[name].is_null() || object[name] == accepted) return;
  fail(where, ".", name, " is ", json_summary(object[name]), ": only ", accepted.dump(), " is supported (", why, ")");
}

}  // namespace simcse
