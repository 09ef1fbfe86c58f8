// json_file.h — every JSON document the project reads goes through here: a size limit, a nesting
// limit checked while parsing (before a deep value exists), and errors that name the file.
// Paper: none (infrastructure: reading untrusted files)
#pragma once

// Why a nesting limit: nlohmann's parser is iterative, but dump(), copies and comparisons recurse
// once per level, so a 100,000-deep value crashes the first error message that prints it. With
// at most kMaxJsonDepth levels (io/input_limits.h) every operation on a parsed value is safe; and
// json_summary() describes a value for a message without printing all of it.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace simcse {

// Parses `text`; an Error naming `source` if it is not valid JSON or nests deeper than kMaxJsonDepth.
nlohmann::json parse_json(std::string_view text, const std::string& source);

// Reads and parses the file at `path` (at most kMaxJsonFileBytes); `what` names it in errors
// ("model config").
nlohmann::json read_json_file(const std::string& path, const char* what);

// A value as an error message shows it: numbers, booleans and null as written, a string quoted
// (cut to kMaxQuotedBytes), an array or object by its size ("an array of 3 items").
std::string json_summary(const nlohmann::json& value);

}  // namespace simcse
