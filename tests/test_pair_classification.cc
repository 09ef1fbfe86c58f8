// test_pair_classification.cc — labelled pair files: the best-F1 and best-accuracy thresholds
// agree with scikit-learn (tools/make_pair_classification_fixtures.py: precision_recall_curve and
// roc_curve, ties included); the file reader takes sentence1<TAB>sentence2<TAB>label with or
// without a header and names the file and line of a bad one; evaluate_pairs reports the
// threshold scores only for 0/1 labels.
#include <gtest/gtest.h>

#include "encoder_parity.h"
#include "eval/hashed_word_encoder.h"
#include "eval/pair_classification.h"
#include "eval/pairs_file.h"
#include "eval/statistics.h"
#include "eval/sts_eval.h"
#include "file_helpers.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

const char* kBinaryPairs =
    "sentence1\tsentence2\tlabel\n"
    "a man plays a guitar\ta man plays the guitar\t1\n"
    "a woman slices an onion\ta woman cuts an onion\t1\n"
    "a dog runs in the park\ta chef cooks pasta\t0\n"
    "the boy reads a book\ta girl swims in the sea\t0\n";

TEST(PairClassification, BestThresholdsMatchScikitLearn) {
  const json fixture = testing::load_json("tests/fixtures/eval/pair_classification.json");
  ASSERT_GE(fixture["cases"].size(), 5u);
  for (const json& c : fixture["cases"]) {
    const std::vector<double> cosines = c["cosines"], labels = c["labels"];
    SCOPED_TRACE("case of " + std::to_string(cosines.size()) + " pairs");
    const ThresholdScores scores = best_thresholds(cosines, labels);
    EXPECT_NEAR(scores.f1, c["f1"].get<double>(), 1e-12);
    EXPECT_NEAR(scores.precision, c["precision"].get<double>(), 1e-12);
    EXPECT_NEAR(scores.recall, c["recall"].get<double>(), 1e-12);
    EXPECT_EQ(scores.f1_threshold, c["f1_threshold"].get<double>());
    EXPECT_NEAR(scores.accuracy, c["accuracy"].get<double>(), 1e-12);
    if (c["accuracy_threshold"].is_null())  // every pair predicted negative
      EXPECT_GT(scores.accuracy_threshold, *std::max_element(cosines.begin(), cosines.end()));
    else
      EXPECT_EQ(scores.accuracy_threshold, c["accuracy_threshold"].get<double>());
  }
}

TEST(PairClassification, PairsFileWithAndWithoutHeader) {
  testing::TempDir dir;
  testing::write_bytes(dir / "with_header.tsv", "sentence1\tsentence2\tlabel\na cat\ta dog\t1\r\nthe sun\tthe moon\t0\n");
  testing::write_bytes(dir / "plain.tsv", "a cat\ta dog\t1\nthe sun\tthe moon\t0\n\n");
  for (const char* name : {"with_header.tsv", "plain.tsv"}) {
    const StsTask task = load_pairs_file(dir / name);
    ASSERT_EQ(task.datasets.size(), 1u);
    ASSERT_EQ(task.datasets[0].pairs.size(), 2u) << name;
    EXPECT_EQ(task.datasets[0].pairs[0].sentence_a, "a cat");
    EXPECT_EQ(task.datasets[0].pairs[0].sentence_b, "a dog");
    EXPECT_EQ(task.datasets[0].pairs[1].gold, 0);
  }
}

TEST(PairClassification, BadLinesAreNamed) {
  testing::TempDir dir;
  testing::write_bytes(dir / "fields.tsv", "a\tb\t1\nc\td\n");
  testing::expect_error([&] { load_pairs_file(dir / "fields.tsv"); }, {"fields.tsv:2", "sentence1<TAB>sentence2<TAB>label"});
  testing::write_bytes(dir / "label.tsv", "a\tb\t1\nc\td\tyes\n");
  testing::expect_error([&] { load_pairs_file(dir / "label.tsv"); }, {"label.tsv:2", "'yes' is not a number"});
  testing::write_bytes(dir / "empty.tsv", "a\tb\t1\n\td\t0\n");
  testing::expect_error([&] { load_pairs_file(dir / "empty.tsv"); }, {"empty.tsv:2", "empty sentence"});
}

TEST(PairClassification, ThresholdScoresOnlyForBinaryLabels) {
  testing::TempDir dir;
  testing::write_bytes(dir / "binary.tsv", kBinaryPairs);
  const SentenceEncoder encoder = hashed_word_encoder(32);
  const StsTask task = load_pairs_file(dir / "binary.tsv");
  const PairScores binary = evaluate_pairs(encoder, task);
  EXPECT_TRUE(binary.binary);
  EXPECT_EQ(binary.pairs, 4);
  const std::vector<double> cosines = task_cosines(encoder, task), labels = {1, 1, 0, 0};
  EXPECT_EQ(binary.spearman, spearman(cosines, labels));
  EXPECT_EQ(binary.thresholds.f1, best_thresholds(cosines, labels).f1);
  EXPECT_FALSE(evaluate_pairs(encoder, load_pairs_file(testing::repo_root() + "/tiny_data/sts_pairs.tsv")).binary);
}

TEST(PairClassification, EvalPrintsTheTableAndWritesJson) {
  testing::TempDir dir;
  testing::write_bytes(dir / "pairs.tsv", kBinaryPairs);
  const testing::RunResult result =
      testing::run_simcse("eval --model_name_or_path " + testing::fixture_dir("odd_heads_gelu") +
                              " --pooler avg --pairs_file " + (dir / "pairs.tsv") + " --json " + (dir / "scores.json"),
                          dir.path());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.out.find("| Spearman | Pearson |   F1  | Precision | Recall | Accuracy |"), std::string::npos)
      << result.out;
  const json scores = json::parse(testing::read_bytes(dir / "scores.json"));
  EXPECT_EQ(scores["pairs"], 4);
  EXPECT_TRUE(scores["binary_labels"].get<bool>());
  EXPECT_GT(scores["f1"].get<double>(), 0);
}

TEST(PairClassification, TrainingCanSelectOnF1) {
  testing::TempDir dir;
  testing::write_bytes(dir / "pairs.tsv", kBinaryPairs);
  const std::string root = testing::repo_root();
  const testing::RunResult result = testing::run_simcse(
      "train --config_name " + root + "/tiny_data/bert_config.json --tokenizer_name " + root +
          "/tiny_data/vocab.txt --train_file " + root + "/tiny_data/corpus.txt --output_dir " + (dir / "out") +
          " --max_steps 2 --per_device_train_batch_size 8 --pooler_type avg --evaluation_strategy steps "
          "--eval_steps 1 --eval_file " + (dir / "pairs.tsv") + " --metric_for_best_model f1 --threads 1",
      dir.path());
  ASSERT_EQ(result.exit_status, 0) << result.err;
  const std::string log = testing::read_bytes(dir / "out/training_log.jsonl");
  EXPECT_NE(log.find("\"eval_f1\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"eval_precision\""), std::string::npos) << log;
  EXPECT_NE(result.out.find("f1"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace simcse
