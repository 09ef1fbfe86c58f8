// line_reader.h — LineReader: a text file line by line as Python's text mode reads it (universal
// newlines: \n, \r\n and a lone \r each end a line), with a limit on the length of a line.
// Paper: none (infrastructure: reading untrusted files)
#pragma once

// SimCSE reads its .txt training file with datasets' "text" loader, which opens the file in text
// mode and so splits at all three line endings: a file saved with old Mac (CR-only) endings is
// one sentence per line there too, not one giant line. A "line" longer than kMaxLineBytes
// (io/input_limits.h) is an error naming the file and line: it is not text a reader should hold.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace simcse {

class LineReader {
 public:
  // `source` names the input in error messages (usually the file's path).
  LineReader(std::istream& input, std::string source);

  // The next line, without its ending, into `line`; false at the end of the input. As in
  // Python, a final line ending does not start an empty last line.
  bool next(std::string& line);
  int64_t line_number() const { return line_; }  // of the line `next` returned last, from 1

 private:
  bool refill();  // false at the end of the input

  std::istream& input_;
  std::string source_;
  std::vector<char> buffer_;
  size_t position_ = 0, end_ = 0;
  int64_t line_ = 0;
};

}  // namespace simcse
