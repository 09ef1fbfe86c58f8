// test_input_limits.cc — the shared readers of io/ at and beyond their limits (io/input_limits.h):
// the bounded JSON reader, the universal-newline LineReader, the pickle interpreter's nesting and
// cycle rules; and SHA-256 (OpenSSL) against FIPS 180-4's test vectors.
#include <gtest/gtest.h>

#include <sstream>

#include "file_helpers.h"
#include "io/input_limits.h"
#include "io/json_file.h"
#include "io/line_reader.h"
#include "io/pickle.h"
#include "io/sha256.h"

namespace simcse {
namespace {

using testing::expect_error;
using namespace std::string_literals;  // pickle programs hold NUL bytes

std::string nested_arrays(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST(JsonFile, NestingUpToTheLimitParsesAndBeyondIsAnError) {
  EXPECT_NO_THROW(parse_json(nested_arrays(kMaxJsonDepth), "ok.json"));
  expect_error([] { parse_json(nested_arrays(kMaxJsonDepth + 1), "deep.json"); },
               {"deep.json", "nested more than 127 levels"});
  expect_error([] { parse_json("{\"a\": " + nested_arrays(1'000'000) + "}", "deeper.json"); }, {"deeper.json"});
}

TEST(JsonFile, ErrorsNameTheFileAndStayShort) {
  // nlohmann's own message quotes the token it stopped in: here a 1 MB unterminated string.
  const std::string message =
      testing::error_message_of([] { parse_json("{\"a\": \"" + std::string(1 << 20, 'x'), "long.json"); });
  EXPECT_NE(message.find("long.json: not valid JSON"), std::string::npos) << message;
  EXPECT_LT(message.size(), 400u);
  EXPECT_EQ(json_summary(nlohmann::json::parse("[1, [2], {}]")), "an array of 3 items");
  EXPECT_EQ(json_summary(nlohmann::json::parse("{\"a\": 1}")), "an object of 1 members");
  EXPECT_EQ(json_summary(nlohmann::json(std::string(1000, 'y'))).size(), 2 + kMaxQuotedBytes + 16);
  EXPECT_EQ(json_summary(nlohmann::json(2.5)), "2.5");
}

TEST(JsonFile, FilesOverTheSizeLimitAreRefusedBeforeReading) {
  testing::TempDir dir;
  {
    std::ofstream file(dir / "big.json", std::ios::binary);
    file.seekp(static_cast<std::streamoff>(kMaxJsonFileBytes));  // a sparse file just over the limit
    file.put(' ');
  }
  expect_error([&] { read_json_file(dir / "big.json", "model config"); },
               {dir / "big.json", "model config", "over the limit of 67108864"});
  expect_error([&] { read_json_file(dir / "absent.json", "model config"); }, {"absent.json", "cannot open"});
  // A directory opens like a file and reports a size of 2^63 - 1: refused as what it is.
  std::filesystem::create_directory(dir / "config.json");
  expect_error([&] { read_json_file(dir / "config.json", "model config"); }, {"config.json", "not a regular file"});
}

std::vector<std::string> lines_of(const std::string& text) {
  std::istringstream input(text);
  LineReader reader(input, "text");
  std::vector<std::string> lines;
  for (std::string line; reader.next(line);) lines.push_back(line);
  return lines;
}

// Python's text mode: \n, \r\n and \r each end a line; no empty line after a final ending.
TEST(LineReader, SplitsLikePythonUniversalNewlines) {
  using Lines = std::vector<std::string>;
  EXPECT_EQ(lines_of("a\rb\rc\r"), (Lines{"a", "b", "c"}));
  EXPECT_EQ(lines_of("a\r\nb\nc"), (Lines{"a", "b", "c"}));
  EXPECT_EQ(lines_of("a\r\rb\n\nc\r\n\r\n"), (Lines{"a", "", "b", "", "c", ""}));
  EXPECT_EQ(lines_of(""), Lines{});
  EXPECT_EQ(lines_of("\n"), Lines{""});
  EXPECT_EQ(lines_of("x"), Lines{"x"});
  // A \r\n split across the reader's 64 KiB buffer is still one line ending.
  const std::string first(65535, 'a');
  EXPECT_EQ(lines_of(first + "\r\nb"), (Lines{first, "b"}));
}

TEST(LineReader, ALineOverTheLimitNamesItsLine) {
  const std::string text = "short\n" + std::string(kMaxLineBytes + 1, 'x') + "\n";
  std::istringstream input(text);
  LineReader reader(input, "data.txt");
  std::string line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(reader.line_number(), 1);
  expect_error([&] { reader.next(line); }, {"data.txt:2: a line longer than 1048576 bytes"});
}

PickleRef run_pickle(const std::string& program) { return unpickle(program, {}, "test.pkl"); }

// 200,000 tuples each holding the next: unpickling is iterative, but freeing them recursed once
// per level and overflowed the stack (a crash even before anyone looked at the value).
TEST(Pickle, NestingIsLimited) {
  std::string program = "\x80\x02)";  // PROTO 2, EMPTY_TUPLE
  for (int level = 2; level <= kMaxPickleDepth; ++level) program += '\x85';  // TUPLE1
  EXPECT_EQ(run_pickle(program + ".")->depth, kMaxPickleDepth);
  expect_error([&] { run_pickle(program + "\x85."); }, {"test.pkl", "nested more than 128 levels"});
  expect_error([] { run_pickle("\x80\x02)" + std::string(200'000, '\x85') + "."); }, {"nested more than 128"});
  // Lists and dicts count too, however they are filled: 200 lists each appended into the one
  // below it (APPEND), 200 dicts each stored in the one below (SETITEM d[1] = ...).
  expect_error([] { run_pickle("\x80\x02" + std::string(200, ']') + std::string(199, 'a') + "."); },
               {"nested more than 128"});
  std::string dicts = "\x80\x02}";
  for (int level = 0; level < 200; ++level) dicts += "K\x01}";  // BININT1 1, EMPTY_DICT
  expect_error([&] { run_pickle(dicts + std::string(200, 's') + "."); }, {"nested more than 128"});
}

// Cyclic data would never be freed (reference counting), so it is refused; a value shared by two
// containers (a DAG, which torch writes for tied weights) is fine.
TEST(Pickle, CyclesAreRefusedAndSharingIsNot) {
  expect_error([] { run_pickle("\x80\x02]2a."s); }, {"test.pkl", "inside itself"});     // l = []; l.append(l)
  expect_error([] { run_pickle("\x80\x02}q\x00K\x01h\x00s."s); }, {"inside itself"});   // d = {}; d[1] = d
  // l = []; t = (l,); then l.append(1): l is already inside t, so changing it is refused.
  expect_error([] { run_pickle("\x80\x02]q\x00\x85h\x00K\x01" "a."s); }, {"already inside another value"});
  const PickleRef shared = run_pickle("\x80\x02]q\x00h\x00\x86."s);  // x = []; (x, x)
  ASSERT_EQ(shared->items.size(), 2u);
  EXPECT_EQ(shared->items[0], shared->items[1]);
  EXPECT_EQ(shared->depth, 2);
}

// FIPS 180-4 example messages ("abc", the 448-bit message, a million 'a's) and a file.
TEST(Sha256, MatchesTheStandardsTestVectors) {
  EXPECT_EQ(sha256_of_bytes(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_of_bytes("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_of_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  testing::TempDir dir;
  testing::write_bytes(dir / "a.txt", std::string(1'000'000, 'a'));
  EXPECT_EQ(sha256_of_file(dir / "a.txt"), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  expect_error([&] { sha256_of_file(dir / "absent"); }, {"absent"});
}

}  // namespace
}  // namespace simcse
