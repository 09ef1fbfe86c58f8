// senteval_text.h — reading SentEval's text files exactly as its Python does: UTF-8 or latin-1
// decoding, the two ways Python splits a file into lines (str.splitlines() and iterating over the
// file), str.split() on Unicode whitespace, and the whitespace re-join SimCSE's batcher applies.
// A bad file is a simcse::Error naming the task, the file and the line; never a crash.
// Paper: §6.1 Evaluation setup (the data handling behind every STS and transfer number)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.h"

namespace simcse {

enum class TextEncoding { utf8, latin1 };  // SentEval opens MR/CR/SUBJ/MPQA/TREC as latin-1

// The whole file as UTF-8 text (latin-1 bytes are converted). A missing file names the task and
// the path it looked for; invalid UTF-8 names the line.
std::string read_text_file(const std::string& task, const std::string& path, TextEncoding encoding);

// Checks that a task's folder exists: "STS12: task directory not found: <path>".
void require_task_directory(const std::string& task, const std::string& path);

// str.splitlines(): breaks at \n, \r\n, \r, \v, \f, \x1c-\x1e, U+0085, U+2028, U+2029 (SentEval
// reads the STS12-16 and binary-task files this way); no empty line after a final newline.
std::vector<std::string> python_splitlines(const std::string& text);

// `for line in open(path)`: Python's universal newlines, breaking at \n, \r\n and \r only (the
// CRLF of SICK's test file disappears here); line endings removed.
std::vector<std::string> python_file_lines(const std::string& text);

// str.split() without arguments: splits on runs of Unicode whitespace (the 29 code points Python's
// str.isspace() accepts, e.g. U+00A0 and U+3000 as well as ASCII), dropping empty pieces.
std::vector<std::string> python_split_whitespace(const std::string& text);

// str.strip(): removes that whitespace at both ends.
std::string python_strip(const std::string& text);

// ' '.join(s.split()): SentEval hands the batcher word lists, and SimCSE's batcher joins them with
// single spaces, so this is the sentence the tokenizer sees.
std::string rejoin_words(const std::string& text);

// str.split(separator): every occurrence splits, empty pieces kept.
std::vector<std::string> split_on(const std::string& text, char separator);

// float(text) and int(text) as Python parses them (surrounding whitespace allowed); false when
// the text is not a number.
bool parse_python_float(const std::string& text, double& value);
bool parse_python_int(const std::string& text, long& value);

// Error "TASK: PATH:LINE: message" (line counted from 1).
template <typename... Parts>
[[noreturn]] void fail_at_line(const std::string& task, const std::string& path, size_t line, const Parts&... parts) {
  fail(task, ": ", path, ":", line, ": ", parts...);
}

}  // namespace simcse
