// csv_reader.h — RFC 4180 CSV, record by record: fields separated by commas, a field in double
// quotes may hold commas, line breaks and doubled quotes (""), records end with LF, CRLF or CR
// (as pandas reads them). Each record remembers the line it started on, so an error can name it.
// Paper: §4 Supervised SimCSE (its NLI triplets ship as a CSV: sent0,sent1,hard_neg)
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace simcse {

struct CsvRecord {
  std::vector<std::string> fields;
  int64_t line = 0;  // 1-based line where the record starts
};

class CsvReader {
 public:
  // `source_name` is only used in error messages (usually the file path).
  CsvReader(std::istream& input, std::string source_name);

  // Reads the next record; false at the end of the input. A quote left open at the end of the
  // input, or a stray character after a closing quote, is an Error naming the line.
  bool next(CsvRecord& record);

 private:
  std::istream& input_;
  std::string source_name_;
  int64_t line_ = 1;
};

}  // namespace simcse
