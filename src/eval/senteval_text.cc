// senteval_text.cc — Python's text semantics (decoding, line splitting, whitespace) for SentEval files.
// Paper: §6.1 Evaluation setup
#include "eval/senteval_text.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace simcse {

namespace {

// The UTF-8 sequence at text[i]: its code point and byte length; length 0 when it is not valid
// UTF-8 (bad lead byte, bad continuation, overlong form, surrogate, beyond U+10FFFF), as Python's
// strict decoder rejects them.
struct CodePoint {
  uint32_t value;
  size_t length;
};

CodePoint decode_at(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) return {0, 0};
  uint32_t value = lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  const uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < smallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {0, 0};
  return {value, length};
}

bool is_python_whitespace(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_splitlines_break(uint32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E) || c == 0x85 ||
         c == 0x2028 || c == 0x2029;
}

// Splits `text` (valid UTF-8) into lines at the code points `is_break` accepts, \r\n counting as one.
template <typename IsBreak>
std::vector<std::string> split_lines(const std::string& text, IsBreak is_break) {
  std::vector<std::string> lines;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    const size_t width = c.length == 0 ? 1 : c.length;
    if (!is_break(c.value) || c.length == 0) {
      i += width;
      continue;
    }
    lines.push_back(text.substr(line_start, i - line_start));
    i += width;
    if (c.value == '\r' && i < text.size() && text[i] == '\n') ++i;
    line_start = i;
  }
  if (line_start < text.size()) lines.push_back(text.substr(line_start));
  return lines;
}

}  // namespace

void require_task_directory(const std::string& task, const std::string& path) {
  if (!std::filesystem::is_directory(path)) fail(task, ": task directory not found: ", path);
}

std::string read_text_file(const std::string& task, const std::string& path, TextEncoding encoding) {
  if (!std::filesystem::is_regular_file(path)) fail(task, ": file not found: ", path);
  std::ifstream file(path, std::ios::binary);
  if (!file) fail(task, ": cannot open ", path);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  const std::string raw = bytes.str();
  if (encoding == TextEncoding::latin1) {  // every byte is the code point of the same value
    std::string text;
    text.reserve(raw.size());
    for (unsigned char byte : raw) {
      if (byte < 0x80) {
        text += static_cast<char>(byte);
      } else {
        text += static_cast<char>(0xC0 | (byte >> 6));
        text += static_cast<char>(0x80 | (byte & 0x3F));
      }
    }
    return text;
  }
  size_t line = 1;
  for (size_t i = 0; i < raw.size();) {
    const CodePoint c = decode_at(raw, i);
    if (c.length == 0) fail_at_line(task, path, line, "invalid UTF-8 at byte ", i);
    if (c.value == '\n') ++line;
    i += c.length;
  }
  return raw;
}

std::vector<std::string> python_splitlines(const std::string& text) { return split_lines(text, is_splitlines_break); }

std::vector<std::string> python_file_lines(const std::string& text) {
  return split_lines(text, [](uint32_t c) { return c == '\n' || c == '\r'; });
}

std::vector<std::string> python_split_whitespace(const std::string& text) {
  std::vector<std::string> words;
  size_t word_start = std::string::npos;
  for (size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    const size_t width = c.length == 0 ? 1 : c.length;
    const bool space = c.length != 0 && is_python_whitespace(c.value);
    if (space && word_start != std::string::npos) {
      words.push_back(text.substr(word_start, i - word_start));
      word_start = std::string::npos;
    } else if (!space && word_start == std::string::npos) {
      word_start = i;
    }
    i += width;
  }
  if (word_start != std::string::npos) words.push_back(text.substr(word_start));
  return words;
}

std::string python_strip(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end) {  // leading whitespace
    const CodePoint c = decode_at(text, begin);
    if (c.length == 0 || !is_python_whitespace(c.value)) break;
    begin += c.length;
  }
  while (end > begin) {  // trailing: step back to the start of the last code point
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    const CodePoint c = decode_at(text, start);
    if (c.length != end - start || !is_python_whitespace(c.value)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

std::string rejoin_words(const std::string& text) {
  std::string joined;
  for (const std::string& word : python_split_whitespace(text)) {
    if (!joined.empty()) joined += ' ';
    joined += word;
  }
  return joined;
}

std::vector<std::string> split_on(const std::string& text, char separator) {
  std::vector<std::string> pieces(1);
  for (char c : text) {
    if (c == separator) {
      pieces.emplace_back();
    } else {
      pieces.back() += c;
    }
  }
  return pieces;
}

bool parse_python_float(const std::string& text, double& value) {
  const std::string number = python_strip(text);
  // strtod also reads hexadecimal ("0x1p3"), which Python's float() rejects.
  if (number.empty() || number.find_first_of("xX") != std::string::npos) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtod(number.c_str(), &end);
  return end == number.c_str() + number.size();
}

bool parse_python_int(const std::string& text, long& value) {
  const std::string number = python_strip(text);
  if (number.empty()) return false;
  size_t i = (number[0] == '+' || number[0] == '-') ? 1 : 0;
  if (i == number.size()) return false;
  for (size_t k = i; k < number.size(); ++k)
    if (number[k] < '0' || number[k] > '9') return false;
  errno = 0;
  value = std::strtol(number.c_str(), nullptr, 10);
  return errno == 0;
}

}  // namespace simcse
