// line_reader.cc — LineReader: a buffered scan for \n, \r\n and \r, with the line-length limit.
// Paper: none (infrastructure: reading untrusted files)
#include "io/line_reader.h"

#include "core/error.h"
#include "io/input_limits.h"

namespace simcse {

LineReader::LineReader(std::istream& input, std::string source)
    : input_(input), source_(std::move(source)), buffer_(64 * 1024) {}

bool LineReader::refill() {
  input_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  position_ = 0;
  end_ = static_cast<size_t>(input_.gcount());
  return end_ > 0;
}

bool LineReader::next(std::string& line) {
  line.clear();
  bool any = false;  // read anything since the last line ending?
  while (position_ < end_ || refill()) {
    const char c = buffer_[position_++];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && (position_ < end_ || refill()) && buffer_[position_] == '\n') ++position_;  // \r\n: one ending
      ++line_;
      return true;
    }
    any = true;
    line += c;
    SIMCSE_CHECK(line.size() <= kMaxLineBytes, source_, ":", line_ + 1, ": a line longer than ", kMaxLineBytes,
                 " bytes (the limit in io/input_limits.h): not a text file?");
  }
  if (!any) return false;
  ++line_;
  return true;
}

}  // namespace simcse
