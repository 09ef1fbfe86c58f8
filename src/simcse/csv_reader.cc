// csv_reader.cc — a small RFC 4180 state machine: outside quotes, inside quotes, just after a
// quote (which either closes the field or, doubled, stands for one quote character).
// Paper: §4 Supervised SimCSE (NLI triplets in CSV)
#include "simcse/csv_reader.h"

#include "core/error.h"
#include "io/input_limits.h"

namespace simcse {

CsvReader::CsvReader(std::istream& input, std::string source_name)
    : input_(input), source_name_(std::move(source_name)) {}

bool CsvReader::next(CsvRecord& record) {
  record.fields.clear();
  record.line = line_;
  if (input_.peek() == std::char_traits<char>::eof()) return false;

  enum class State { field_start, unquoted, quoted, after_quote } state = State::field_start;
  std::string field;
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  int c;
  for (uint64_t record_bytes = 1; (c = input_.get()) != std::char_traits<char>::eof(); ++record_bytes) {
    SIMCSE_CHECK(record_bytes <= kMaxLineBytes, source_name_, ":", record.line, ": a record longer than ",
                 kMaxLineBytes, " bytes (the limit in io/input_limits.h): not a CSV file, or an unclosed quote?");
    const char ch = static_cast<char>(c);
    if (state == State::quoted) {
      if (ch == '"') state = State::after_quote;
      else field += ch;
      if (ch == '\n') ++line_;  // a line break inside quotes belongs to the field
      continue;
    }
    if (state == State::after_quote && ch == '"') {  // "" inside quotes is one quote
      field += '"';
      state = State::quoted;
      continue;
    }
    if (ch == ',') {
      end_field();
      state = State::field_start;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && input_.peek() == '\n') input_.get();
      ++line_;
      end_field();
      return true;
    } else if (state == State::field_start && ch == '"') {
      state = State::quoted;
    } else if (state == State::after_quote) {
      fail(source_name_, ":", line_, ": unexpected character '", ch, "' after a closing quote");
    } else {
      field += ch;
      state = State::unquoted;
    }
  }
  SIMCSE_CHECK(state != State::quoted, source_name_, ":", record.line, ": a quoted field is never closed");
  end_field();  // the last record may lack a final line break
  return true;
}

}  // namespace simcse
