// test_eval_data.cc — the SentEval data readers: Python's text semantics, the pair and sample
// counts of the real files (../shared/data/README.md), SentEval's length sort, and bad input
// (missing folders and files name the task and path; malformed lines name the file and line).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "file_helpers.h"
#include "eval/senteval_text.h"
#include "eval/sts_data.h"
#include "eval/transfer_data.h"
#include "support/test_support.h"

namespace simcse {
namespace {

std::string senteval_dir() { return testing::shared_data_dir() + "/senteval"; }

// A scratch SentEval folder for malformed files, removed after each test.
class ScratchSentEval : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("simcse_eval_data_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void write(const std::string& relative, const std::string& content) {
    const auto path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  std::string dir() const { return root_.string(); }

  std::filesystem::path root_;
};

// ---- Python's text semantics --------------------------------------------------------------------

TEST(EvalText, SplitsLikePython) {
  // str.split(): U+00A0 (no-break space) and U+3000 are whitespace to Python, so they split words.
  EXPECT_EQ(python_split_whitespace("  a\tb\xC2\xA0" "c\xE3\x80\x80" "d  "),
            (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(rejoin_words(" the  cat\t sat "), "the cat sat");
  EXPECT_EQ(python_strip("\xC2\xA0 x y \r\n"), "x y");
  // str.splitlines() breaks at \r\n, \r, \n, U+2028, \x1c ...; iterating over a file only at \r and \n.
  EXPECT_EQ(python_splitlines("a\r\nb\rc\nd\xE2\x80\xA8" "e\x1c" "f\n"),
            (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  EXPECT_EQ(python_file_lines("a\r\nb\xE2\x80\xA8" "c\n\nd"), (std::vector<std::string>{"a", "b\xE2\x80\xA8" "c", "", "d"}));
  EXPECT_EQ(split_on("a\t\tb", '\t'), (std::vector<std::string>{"a", "", "b"}));
  double value;
  EXPECT_TRUE(parse_python_float(" 4.750 ", value));
  EXPECT_EQ(value, 4.75);
  EXPECT_FALSE(parse_python_float("", value));
  EXPECT_FALSE(parse_python_float("0x10", value));
  EXPECT_FALSE(parse_python_float("4.5 points", value));
}

TEST_F(ScratchSentEval, Latin1FilesBecomeUtf8AndBadUtf8NamesTheLine) {
  write("latin1.txt", "sister\xF0" "city\n");
  EXPECT_EQ(read_text_file("TREC", dir() + "/latin1.txt", TextEncoding::latin1), "sister\xC3\xB0" "city\n");
  write("bad.txt", "fine\nalso fine\nbroken \xFF here\n");
  const std::string message = testing::error_message_of([&] { read_text_file("STS12", dir() + "/bad.txt", TextEncoding::utf8); });
  EXPECT_NE(message.find("STS12: " + dir() + "/bad.txt:3: invalid UTF-8"), std::string::npos) << message;
}

// ---- the real files -----------------------------------------------------------------------------

size_t pair_count(const StsTask& task) {
  size_t count = 0;
  for (const StsDataset& dataset : task.datasets) count += dataset.pairs.size();
  return count;
}

TEST(EvalData, StsCountsMatchTheDataReadme) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const std::vector<std::pair<std::string, size_t>> years = {
      {"STS12", 3108}, {"STS13", 1500}, {"STS14", 3750}, {"STS15", 3000}, {"STS16", 1186}};
  for (const auto& [task, expected] : years) EXPECT_EQ(pair_count(load_sts_task(task, senteval_dir())), expected) << task;
  EXPECT_EQ(pair_count(load_sts_task("STSBenchmark", senteval_dir(), Split::train)), 5749u);
  EXPECT_EQ(pair_count(load_sts_task("STSBenchmark", senteval_dir(), Split::dev)), 1500u);
  EXPECT_EQ(pair_count(load_sts_task("STSBenchmark", senteval_dir(), Split::test)), 1379u);
  EXPECT_EQ(pair_count(load_sts_task("SICKRelatedness", senteval_dir(), Split::test)), 4927u);
  EXPECT_EQ(pair_count(load_sts_task("SICKRelatedness", senteval_dir(), Split::dev)), 500u);
  // STS15/16: the unscored pairs (blank gold lines) are gone; subsets keep SentEval's order.
  const StsTask sts16 = load_sts_task("STS16", senteval_dir());
  ASSERT_EQ(sts16.datasets.size(), 5u);
  EXPECT_EQ(sts16.datasets[0].name, "answer-answer");
  EXPECT_EQ(sts16.datasets[0].pairs.size(), 254u);
}

TEST(EvalData, StsPairsAreReadFromTheRightColumns) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const StsPair first_dev = load_sts_task("STSBenchmark", senteval_dir(), Split::dev).datasets[0].pairs[0];
  EXPECT_EQ(first_dev.sentence_a, "a man with a hard hat is dancing .");
  EXPECT_EQ(first_dev.sentence_b, "a man wearing a hard hat is dancing .");
  EXPECT_EQ(first_dev.gold, 5.0);
  // SICK's test file ends its lines with CRLF: no '\r' may survive into the last column's score.
  const StsDataset sick = load_sts_task("SICKRelatedness", senteval_dir(), Split::test).datasets[0];
  for (const StsPair& pair : sick.pairs) ASSERT_TRUE(pair.gold >= 1 && pair.gold <= 5);
}

TEST(EvalData, TransferCountsAndSentEvalOrder) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const std::vector<std::pair<std::string, size_t>> binary = {{"MR", 10662}, {"CR", 3775}, {"SUBJ", 10000}, {"MPQA", 10606}};
  for (const auto& [task, expected] : binary) {
    const LabelledSentences data = load_binary_task(task, senteval_dir());
    EXPECT_EQ(data.labels.size(), expected) << task;
    // Sorted by (number of words, label), as SentEval feeds its classifier.
    for (size_t i = 1; i < data.labels.size(); ++i) {
      const auto key = [&](size_t k) { return std::make_pair(python_split_whitespace(data.sentences[k]).size(), data.labels[k]); };
      ASSERT_LE(key(i - 1), key(i)) << task << " sample " << i;
    }
  }
  const SstData sst = load_sst2(senteval_dir());
  EXPECT_EQ(sst.train.labels.size(), 67349u);
  EXPECT_EQ(sst.dev.labels.size(), 872u);
  EXPECT_EQ(sst.test.labels.size(), 1821u);
  const TrecData trec = load_trec(senteval_dir());
  EXPECT_EQ(trec.train.labels.size(), 5452u);
  EXPECT_EQ(trec.test.labels.size(), 500u);
  const MrpcData mrpc = load_mrpc(senteval_dir());
  EXPECT_EQ(mrpc.train.labels.size(), 4076u);  // 4077 lines less the header
  EXPECT_EQ(mrpc.test.labels.size(), 1725u);
  for (const std::string& sentence : mrpc.train.first) ASSERT_EQ(sentence.find("\xEF\xBB\xBF"), std::string::npos);
}

// ---- bad input ----------------------------------------------------------------------------------

TEST_F(ScratchSentEval, MissingTaskFolderOrFileNamesTaskAndPath) {
  std::string message = testing::error_message_of([&] { load_sts_task("STS14", dir()); });
  EXPECT_NE(message.find("STS14: task directory not found: " + dir() + "/downstream/STS/STS14-en-test"), std::string::npos)
      << message;
  write("downstream/STS/STS13-en-test/STS.input.FNWN.txt", "a b\tc d\n");
  write("downstream/STS/STS13-en-test/STS.gs.FNWN.txt", "3.2\n");
  message = testing::error_message_of([&] { load_sts_task("STS13", dir()); });
  EXPECT_NE(message.find("STS13: file not found: " + dir() + "/downstream/STS/STS13-en-test/STS.input.headlines.txt"),
            std::string::npos)
      << message;
  message = testing::error_message_of([&] { load_binary_task("MR", dir()); });
  EXPECT_NE(message.find("MR: task directory not found"), std::string::npos) << message;
  EXPECT_NE(testing::error_message_of([&] { load_sts_task("STS17", dir()); }).find("unknown STS task 'STS17'"), std::string::npos);
}

TEST_F(ScratchSentEval, MalformedStsLinesNameFileAndLine) {
  const std::string year = "downstream/STS/STS13-en-test/";
  write(year + "STS.input.FNWN.txt", "a b\tc d\none\ttwo\tthree\n");
  write(year + "STS.gs.FNWN.txt", "3.2\n1\n");
  std::string message = testing::error_message_of([&] { load_sts_task("STS13", dir()); });
  EXPECT_NE(message.find("STS.input.FNWN.txt:2: expected 2 tab-separated sentences, found 3"), std::string::npos) << message;

  write(year + "STS.input.FNWN.txt", "a b\tc d\ne f\tg h\n");
  write(year + "STS.gs.FNWN.txt", "3.2\nfour\n");
  message = testing::error_message_of([&] { load_sts_task("STS13", dir()); });
  EXPECT_NE(message.find("STS.gs.FNWN.txt:2: gold score 'four' is not a number"), std::string::npos) << message;

  write(year + "STS.gs.FNWN.txt", "3.2\n");
  message = testing::error_message_of([&] { load_sts_task("STS13", dir()); });
  EXPECT_NE(message.find("has 2 lines but"), std::string::npos) << message;

  write("downstream/STS/STSBenchmark/sts-test.csv", "g\tf\t2012\t1\t4.0\ta\tb\nonly\tfive\tfields\there\t1.0\n");
  message = testing::error_message_of([&] { load_sts_task("STSBenchmark", dir(), Split::test); });
  EXPECT_NE(message.find("sts-test.csv:2: expected at least 7 tab-separated fields, found 5"), std::string::npos) << message;

  write("downstream/SICK/SICK_trial.txt", "pair_ID\tsentence_A\tsentence_B\trelatedness_score\r\n1\ta\tb\thigh\r\n");
  message = testing::error_message_of([&] { load_sts_task("SICKRelatedness", dir(), Split::dev); });
  EXPECT_NE(message.find("SICK_trial.txt:2: score 'high' is not a number"), std::string::npos) << message;
}

TEST_F(ScratchSentEval, UnscoredPairsAreDroppedAndSentencesRejoined) {
  const std::string year = "downstream/STS/STS13-en-test/";
  for (const std::string subset : {"FNWN", "headlines", "OnWN"}) {
    write(year + "STS.input." + subset + ".txt", "a  man\tthe\xC2\xA0man\nx\ty\nsome thing\tother  thing\r\n");
    write(year + "STS.gs." + subset + ".txt", "4.5\n\n1.0\n");
  }
  const StsTask task = load_sts_task("STS13", dir());
  ASSERT_EQ(task.datasets.size(), 3u);
  ASSERT_EQ(task.datasets[1].pairs.size(), 2u);
  EXPECT_EQ(task.datasets[1].name, "headlines");
  EXPECT_EQ(task.datasets[1].pairs[0].sentence_a, "a man");
  EXPECT_EQ(task.datasets[1].pairs[0].sentence_b, "the man");
  EXPECT_EQ(task.datasets[1].pairs[1].sentence_b, "other thing");
  EXPECT_EQ(task.datasets[1].pairs[1].gold, 1.0);
}

TEST_F(ScratchSentEval, MalformedTransferLinesNameFileAndLine) {
  write("downstream/SST/binary/sentiment-train", "good film\t1\nbad film\tmaybe\n");
  write("downstream/SST/binary/sentiment-dev", "ok\t1\n");
  write("downstream/SST/binary/sentiment-test", "ok\t0\n");
  std::string message = testing::error_message_of([&] { load_sst2(dir()); });
  EXPECT_NE(message.find("SST2: " + dir() + "/downstream/SST/binary/sentiment-train:2: label 'maybe' is not an integer"),
            std::string::npos)
      << message;

  write("downstream/TREC/train_5500.label", "NUM:dist How far ?\nWHAT:ever is this ?\n");
  write("downstream/TREC/TREC_10.label", "LOC:city Where ?\n");
  message = testing::error_message_of([&] { load_trec(dir()); });
  EXPECT_NE(message.find("train_5500.label:2: unknown question class 'WHAT'"), std::string::npos) << message;

  write("downstream/MRPC/msr_paraphrase_train.txt", "\xEF\xBB\xBFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t2\t3\tonly four\n");
  write("downstream/MRPC/msr_paraphrase_test.txt", "header\n");
  message = testing::error_message_of([&] { load_mrpc(dir()); });
  EXPECT_NE(message.find("msr_paraphrase_train.txt:2: expected 5 tab-separated fields, found 4"), std::string::npos) << message;
}

}  // namespace
}  // namespace simcse
