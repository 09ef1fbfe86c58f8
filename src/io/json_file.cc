// json_file.cc — the depth-limited parse (a parser callback that refuses the container one level
// too deep), the size-limited file read, and bounded summaries of values for messages.
// Paper: none (infrastructure: reading untrusted files)
#include "io/json_file.h"

#include "core/error.h"
#include "io/binary_file.h"
#include "io/input_limits.h"

namespace simcse {

using nlohmann::json;

nlohmann::json parse_json(std::string_view text, const std::string& source) {
  // nlohmann calls this before it creates each value; `depth` counts the containers around it.
  const json::parser_callback_t limit_depth = [&](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= kMaxJsonDepth)
      fail(source, ": JSON nested more than ", kMaxJsonDepth, " levels deep (the limit in io/input_limits.h)");
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), limit_depth);
  } catch (const json::exception& error) {
    // nlohmann's message quotes the token it stopped in, which can be the rest of the file.
    fail(source, ": not valid JSON (", quoted_input(error.what()), ")");
  }
}

nlohmann::json read_json_file(const std::string& path, const char* what) {
  return parse_json(read_whole_file(path, kMaxJsonFileBytes, what), path);
}

std::string json_summary(const nlohmann::json& value) {
  switch (value.type()) {
    case json::value_t::array: return "an array of " + std::to_string(value.size()) + " items";
    case json::value_t::object: return "an object of " + std::to_string(value.size()) + " members";
    case json::value_t::string: return quoted_input(value.get_ref<const std::string&>()).insert(0, 1, '"') + '"';
    default: return value.dump();  // a number, true, false or null: short
  }
}

}  // namespace simcse
