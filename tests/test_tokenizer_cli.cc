// test_tokenizer_cli.cc — `simcse tokenize` and `simcse vocab build` run as a user runs them:
// the built binary on small files (WordPiece and byte-level BPE), checking its JSON lines,
// warnings, errors and output files.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "file_helpers.h"
#include "support/test_support.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;

using testing::read_bytes;
using testing::RunResult;

class TokenizerCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(testing::simcse_binary())) << testing::simcse_binary()
                                                       << " is missing: build it first (make build-tests)";
    dir_ = fs::temp_directory_path() / ("simcse_cli_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    // ids: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4, hello 5, world 6, ##s 7, ! 8, Hello 9
    write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nworld\n##s\n!\nHello\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / name, std::ios::binary) << contents;
    return dir_ / name;
  }

  // Runs `simcse ARGUMENTS` (a shell fragment, so it may hold a redirection) and captures its output.
  RunResult run(const std::string& arguments) { return testing::run_simcse(arguments, dir_.string()); }

  std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  std::string vocab() const { return (dir_ / "vocab.txt").string(); }

  fs::path dir_;
};

TEST_F(TokenizerCli, WritesOneJsonObjectPerInputLine) {
  const fs::path input = write("input.txt", "Hello worlds!\n\n");
  const RunResult result = run("tokenize --vocab " + vocab() + " --input " + input.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  const std::vector<nlohmann::json> lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["tokens"], (std::vector<std::string>{"[CLS]", "hello", "world", "##s", "!", "[SEP]"}));
  EXPECT_EQ(lines[0]["input_ids"], (std::vector<int>{2, 5, 6, 7, 8, 3}));
  EXPECT_EQ(lines[0]["attention_mask"], std::vector<int>(6, 1));
  EXPECT_EQ(lines[0]["token_type_ids"], std::vector<int>(6, 0));
  EXPECT_EQ(lines[1]["input_ids"], (std::vector<int>{2, 3}));  // an empty line is [CLS] [SEP]
  // The keys come in the documented order.
  EXPECT_EQ(result.out.substr(0, result.out.find(':')), "{\"tokens\"");
  EXPECT_TRUE(result.err.empty()) << result.err;
}

TEST_F(TokenizerCli, ReadsStandardInputTruncatesAndKeepsCaseWhenAsked) {
  const fs::path input = write("input.txt", "Hello worlds!\n");
  RunResult result = run("tokenize --vocab " + vocab() + " --max_length 4 < " + input.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(json_lines(result.out).at(0)["tokens"], (std::vector<std::string>{"[CLS]", "hello", "world", "[SEP]"}));
  result = run("tokenize --vocab " + vocab() + " --cased --max_length 3 --input " + input.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(json_lines(result.out).at(0)["input_ids"], (std::vector<int>{2, 9, 3}));  // "Hello", not "hello"
}

TEST_F(TokenizerCli, WarnsOnceAboutInvalidUtf8) {
  const fs::path input = write("input.txt", "hello\xFF world\nworld\xC0\xAF\n");
  const RunResult result = run("tokenize --vocab " + vocab() + " --input " + input.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(json_lines(result.out).size(), 2u);
  EXPECT_NE(result.err.find("3 byte(s) of invalid UTF-8"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("warning"), result.err.rfind("warning")) << "more than one warning:\n" << result.err;
}

TEST_F(TokenizerCli, FailsWithAMessageOnBadInput) {
  RunResult result = run("tokenize --vocab " + (dir_ / "absent.txt").string() + " < /dev/null");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("cannot open vocabulary file"), std::string::npos) << result.err;
  const fs::path duplicate = write("duplicate.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n[UNK]\n");
  result = run("tokenize --vocab " + duplicate.string() + " < /dev/null");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find(duplicate.string() + ":6: duplicate token \"[UNK]\""), std::string::npos) << result.err;
  result = run("tokenize --vocab " + vocab() + " --max_length 1 < /dev/null");
  EXPECT_NE(result.exit_status, 0);
  EXPECT_FALSE(result.err.empty());
}

TEST_F(TokenizerCli, RobertaFromVocabAndMergesOrAModelDirectory) {
  const std::string bpe = testing::repo_root() + "/tests/fixtures/tokenizer/bpe";
  const fs::path input = write("input.txt", "Hello world\n<mask> time\n");
  const std::string files = "--vocab " + bpe + "/vocab.json --merges " + bpe + "/merges.txt";
  RunResult result = run("tokenize " + files + " --input " + input.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  std::vector<nlohmann::json> lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), 2u);
  // Ids from Hugging Face RobertaTokenizerFast with this vocabulary.
  EXPECT_EQ(lines[0]["tokens"], (std::vector<std::string>{"<s>", "H", "ell", "o", "Ġworld", "</s>"}));
  EXPECT_EQ(lines[0]["input_ids"], (std::vector<int>{0, 44, 480, 83, 1360, 2}));
  EXPECT_EQ(lines[1]["tokens"], (std::vector<std::string>{"<s>", "<mask>", "Ġtime", "</s>"}));
  EXPECT_EQ(lines[0]["token_type_ids"], std::vector<int>(6, 0));

  result = run("tokenize " + files + " --add_prefix_space --max_length 4 --input " + input.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(json_lines(result.out).at(0)["tokens"], (std::vector<std::string>{"<s>", "ĠH", "ell", "</s>"}));  // as HF

  result = run("tokenize --tokenizer_name " + bpe + " --input " + input.string());  // picks tokenizer.json
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(json_lines(result.out), lines);
}

TEST_F(TokenizerCli, RobertaRefusesInvalidUtf8NamingFileAndLine) {
  const std::string bpe = testing::repo_root() + "/tests/fixtures/tokenizer/bpe";
  const fs::path input = write("input.txt", "fine\ncaf\xE9\n");
  const RunResult result = run("tokenize --tokenizer_name " + bpe + " --input " + input.string());
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find(input.string() + ":2: byte 4 of the text is not valid UTF-8"), std::string::npos)
      << result.err;
}

TEST_F(TokenizerCli, BadRobertaOptionsAndFilesFailWithAMessage) {
  const std::string bpe = testing::repo_root() + "/tests/fixtures/tokenizer/bpe";
  RunResult result = run("tokenize --vocab " + bpe + "/vocab.json --merges " + (dir_ / "absent.txt").string() + " < /dev/null");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find((dir_ / "absent.txt").string() + ": cannot open"), std::string::npos) << result.err;
  const fs::path merges = write("merges.txt", "#version: 0.2\nĠ t\nĠt zzz\n");
  result = run("tokenize --vocab " + bpe + "/vocab.json --merges " + merges.string() + " < /dev/null");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find(merges.string() + ":3: the merge \"Ġt zzz\" names \"zzz\""), std::string::npos) << result.err;
  result = run("tokenize --merges " + merges.string() + " < /dev/null");  // --merges needs --vocab
  EXPECT_NE(result.exit_status, 0);
  result = run("tokenize --vocab " + bpe + "/vocab.json --merges " + bpe + "/merges.txt --cased < /dev/null");
  EXPECT_NE(result.exit_status, 0);  // --cased is WordPiece's
  result = run("tokenize < /dev/null");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("give either --vocab or --tokenizer_name"), std::string::npos) << result.err;
}

TEST_F(TokenizerCli, VocabBuildWritesAVocabularyTheTokenizerAccepts) {
  const fs::path corpus = write("corpus.txt", "The cat sat.\nThe dog sat!\nA cat and a dog.\n");
  const fs::path output = dir_ / "learned.txt";
  RunResult result = run("vocab build --input " + corpus.string() + " --size 40 --output " + output.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  std::istringstream learned(read_bytes(output.string()));
  std::vector<std::string> tokens;
  for (std::string token; std::getline(learned, token);) tokens.push_back(token);
  EXPECT_EQ(std::vector<std::string>(tokens.begin(), tokens.begin() + 5),
            (std::vector<std::string>{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}));
  EXPECT_LE(tokens.size(), 40u);
  for (const auto& entry : fs::directory_iterator(dir_))  // the temporary file was renamed away
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();

  const fs::path input = write("input.txt", "the cat and the dog\n");
  result = run("tokenize --vocab " + output.string() + " --input " + input.string());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out.find("[UNK]"), std::string::npos) << result.out;

  result = run("vocab build --input " + corpus.string() + " --size 8 --output " + output.string());
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("too small"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace simcse
