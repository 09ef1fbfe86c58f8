// test_eval_sts.cc — STS scoring: cosines, per-subset / "all" / "mean" / "wmean" correlations, the
// full seven-task suite on the bag-of-hashed-words encoder against tools/sts_reference.py (numpy +
// scipy over the very same float32 vectors; tests/fixtures/eval/sts_reference.json), stored
// embeddings through precomputed_encoder, and the printed tables and JSON of `simcse eval`.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "eval/evaluation.h"
#include "eval/hashed_word_encoder.h"
#include "eval/result_tables.h"
#include "eval/statistics.h"
#include "io/npy.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

std::string senteval_dir() { return testing::shared_data_dir() + "/senteval"; }

const json& reference() {
  static const json loaded = testing::load_json("tests/fixtures/eval/sts_reference.json");
  return loaded;
}

TEST(EvalSts, CosineInDoubleAndZeroVectors) {
  const std::vector<Scalar> u = {1, 2, 3}, v = {-2, 0.5f, 1}, zero = {0, 0, 0};
  EXPECT_NEAR(cosine_similarity(u.data(), v.data(), 3), 2.0 / (std::sqrt(14.0) * std::sqrt(5.25)), 1e-15);
  EXPECT_EQ(cosine_similarity(u.data(), zero.data(), 3), 0.0);  // SentEval's nan_to_num(0/0)
  const std::vector<Scalar> w = {0.1f, 0.7f, -0.3f};
  EXPECT_EQ(cosine_similarity(w.data(), w.data(), 3), 1.0);  // exactly: identical sentences tie
}

TEST(EvalSts, EmbedSentencesKeepsOrderAndChecksTheEncoder) {
  const SentenceEncoder encoder = hashed_word_encoder(8);
  const std::vector<std::string> sentences = {"a long sentence with words", "b", "a long sentence with words", ""};
  const Tensor embedded = embed_sentences(encoder, sentences, /*batch_size=*/2);
  ASSERT_EQ(embedded.shape(), Shape({4, 8}));
  const Tensor direct = encoder(sentences);
  EXPECT_EQ(embedded.to_vector(), direct.to_vector());

  const SentenceEncoder wrong = [](const std::vector<std::string>& batch) {
    return Tensor::zeros(Shape({static_cast<int64_t>(batch.size()) + 1, 4}));
  };
  try {
    embed_sentences(wrong, sentences);
    ADD_FAILURE() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("returned [4, 4] for a batch of 3 sentences"), std::string::npos)
        << error.what();
  }
}

// Appendix B: "all" correlates over the concatenation, so a subset whose cosines sit on a
// different scale hurts it, while "mean" and "wmean" average per-subset numbers that do not see that.
TEST(EvalSts, AllDiffersFromMeanAndWmean) {
  // Two subsets, each perfectly ranked by its own cosines, but the second subset's cosines are all
  // higher than the first's although its gold scores are lower.
  const SentenceEncoder encoder = [](const std::vector<std::string>& sentences) {
    std::vector<Scalar> rows;
    for (const std::string& s : sentences) {
      const double angle = std::stod(s);  // the sentence text is the angle of its vector
      rows.push_back(static_cast<Scalar>(std::cos(angle)));
      rows.push_back(static_cast<Scalar>(std::sin(angle)));
    }
    return Tensor::from_vector(Shape({static_cast<int64_t>(sentences.size()), 2}), rows);
  };
  StsTask task{"toy", {{"far", {}}, {"near", {}}}};
  for (int i = 0; i < 5; ++i) task.datasets[0].pairs.push_back({"0", std::to_string(1.2 - 0.1 * i), 3.0 + 0.5 * i});
  for (int i = 0; i < 3; ++i) task.datasets[1].pairs.push_back({"0", std::to_string(0.3 - 0.1 * i), 0.5 + 0.5 * i});
  const StsTaskResult result = evaluate_sts(encoder, task);
  EXPECT_NEAR(result.datasets[0].second.spearman, 1.0, 1e-12);
  EXPECT_NEAR(result.datasets[1].second.spearman, 1.0, 1e-12);
  EXPECT_NEAR(result.spearman_mean, 1.0, 1e-12);
  EXPECT_NEAR(result.spearman_wmean, 1.0, 1e-12);
  EXPECT_LT(result.all.spearman, 0.0);  // pooled, the near subset's high cosines and low gold scores disagree
  EXPECT_EQ(result.all.pairs, 8);
  EXPECT_NEAR(result.pearson_wmean,
              (5 * result.datasets[0].second.pearson + 3 * result.datasets[1].second.pearson) / 8, 1e-15);
}

// The reference check: the seven tasks on the hashed encoder against numpy + scipy.
TEST(EvalSts, FullSuiteMatchesTheNumpyScipyReference) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const int64_t dimension = reference()["hashed_dim"];
  const SentenceEncoder encoder = hashed_word_encoder(dimension);
  // Same vectors on both sides: compare the rows the reference wrote down.
  for (const auto& [sentence, row] : reference()["first_rows"].items()) {
    const std::vector<Scalar> ours = encoder({sentence}).to_vector();
    EXPECT_EQ(std::vector<double>(ours.begin(), ours.end()), row.get<std::vector<double>>()) << sentence;
  }
  const EvaluationResults results = run_evaluation(encoder, sts_task_names(), EvalMode::test, senteval_dir());
  double worst = 0;
  const auto compare = [&](double ours, const json& theirs, const std::string& what) {
    EXPECT_NEAR(ours, theirs.get<double>(), 1e-9) << what;
    worst = std::max(worst, std::abs(ours - theirs.get<double>()));
  };
  for (const StsTaskResult& task : results.sts) {
    const json& expected = reference()["tasks"][task.task];
    compare(task.all.spearman, expected["all"]["spearman"], task.task + " all spearman");
    compare(task.all.pearson, expected["all"]["pearson"], task.task + " all pearson");
    compare(task.spearman_mean, expected["mean"]["spearman"], task.task + " mean spearman");
    compare(task.pearson_wmean, expected["wmean"]["pearson"], task.task + " wmean pearson");
    ASSERT_EQ(task.datasets.size(), expected["datasets"].size());
    for (const auto& [name, correlations] : task.datasets) {
      compare(correlations.spearman, expected["datasets"][name]["spearman"], task.task + "/" + name);
      compare(correlations.pearson, expected["datasets"][name]["pearson"], task.task + "/" + name);
      EXPECT_EQ(correlations.pairs, expected["datasets"][name]["pairs"].get<int64_t>());
    }
  }
  std::printf("seven STS tasks vs the numpy+scipy reference: largest difference %.3g\n", worst);
}

TEST(EvalSts, StoredEmbeddingsGiveTheSameScores) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const SentenceEncoder encoder = hashed_word_encoder(16);
  const std::vector<std::string> sentences = sentences_of_tasks({"STSBenchmark"}, EvalMode::dev, senteval_dir());
  ASSERT_EQ(sentences.size(), 2909u) << "distinct STS-B dev sentences";
  const std::string prefix = (std::filesystem::temp_directory_path() / ("simcse_stored_" + std::to_string(::getpid()))).string();
  {
    std::ofstream list(prefix + ".txt");
    for (const std::string& sentence : sentences) list << sentence << "\n";
  }
  const std::vector<Scalar> rows = embed_sentences(encoder, sentences).to_vector();
  save_npy(prefix + ".npy", std::vector<float>(rows.begin(), rows.end()), {static_cast<int64_t>(sentences.size()), 16});
  const SentenceEncoder stored = precomputed_encoder(prefix + ".txt", prefix + ".npy");
  EXPECT_EQ(stsb_spearman(stored, senteval_dir(), Split::dev), stsb_spearman(encoder, senteval_dir(), Split::dev));
  EXPECT_THROW(stored({"a sentence that is not in the file"}), Error);
  std::filesystem::remove(prefix + ".txt");
  std::filesystem::remove(prefix + ".npy");
}

// evaluation.py's tables, character for character (expected text made with Python's prettytable).
TEST(EvalSts, TablesMatchEvaluationPy) {
  EvaluationResults results;
  results.mode = EvalMode::test;
  StsTaskResult sts12{"STS12", {{"MSRpar", {0.1, 0.2, 10}}, {"MSRvid", {0.3, 0.4, 10}}}, {0.5, 0.684, 20}, 0, 0, 0, 0};
  StsTaskResult stsb{"STSBenchmark", {{"test", {0.7, 0.76851, 1379}}}, {0.7, 0.76851, 1379}, 0, 0, 0, 0};
  results.sts = {sts12, stsb};
  TransferResult mr, mrpc;
  mr.task = "MR";
  mr.test_accuracy = 81.23;
  mr.dev_accuracy = 80.5;
  mrpc.task = "MRPC";
  mrpc.test_accuracy = 70.1;
  mrpc.f1 = 80.12;
  results.transfer = {mr, mrpc};
  EXPECT_EQ(format_report(results),
            "------ test ------\n"
            "+-------+-------+-------+-------+-------+--------------+-----------------+-------+\n"
            "| STS12 | STS13 | STS14 | STS15 | STS16 | STSBenchmark | SICKRelatedness |  Avg. |\n"
            "+-------+-------+-------+-------+-------+--------------+-----------------+-------+\n"
            "| 68.40 |  0.00 |  0.00 |  0.00 |  0.00 |    76.85     |       0.00      | 20.75 |\n"
            "+-------+-------+-------+-------+-------+--------------+-----------------+-------+\n"
            "+-------+------+------+------+------+------+-------+-------+\n"
            "|   MR  |  CR  | SUBJ | MPQA | SST2 | TREC |  MRPC |  Avg. |\n"
            "+-------+------+------+------+------+------+-------+-------+\n"
            "| 81.23 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 70.10 | 21.62 |\n"
            "+-------+------+------+------+------+------+-------+-------+\n");

  results.mode = EvalMode::dev;  // dev: STS-B and SICK-R only, no average; transfer dev accuracies
  const std::vector<ScoreTable> dev_tables = summary_tables(results);
  EXPECT_EQ(dev_tables[0].columns, (std::vector<std::string>{"STSBenchmark", "SICKRelatedness"}));
  EXPECT_EQ(dev_tables[0].cells, (std::vector<std::string>{"76.85", "0.00"}));
  EXPECT_EQ(dev_tables[1].cells[0], "80.50");

  const json document = results_json(results);
  EXPECT_EQ(document["mode"], "dev");
  EXPECT_EQ(document["tasks"]["STS12"]["datasets"]["MSRvid"]["pearson"], 0.3);
  EXPECT_EQ(document["tasks"]["STS12"]["all"]["spearman"], 0.684);
  EXPECT_EQ(document["tasks"]["MRPC"]["f1"], 80.12);
  EXPECT_FALSE(document["tasks"]["MR"].contains("f1"));
  EXPECT_EQ(format_two_decimals(std::nan("")), "nan");
  EXPECT_EQ(format_two_decimals(-0.001), "-0.00");
}

TEST(EvalSts, TaskSetsAndModes) {
  EXPECT_EQ(tasks_for_set("sts", {}), sts_task_names());
  EXPECT_EQ(tasks_for_set("full", {}).size(), 14u);
  EXPECT_EQ(tasks_for_set("na", {"MR", "STS12"}), (std::vector<std::string>{"MR", "STS12"}));
  EXPECT_THROW(tasks_for_set("na", {"SST5"}), Error);
  EXPECT_THROW(tasks_for_set("everything", {}), Error);
  EXPECT_EQ(transfer_settings(EvalMode::test).kfold, 10);
  EXPECT_EQ(transfer_settings(EvalMode::test).classifier.optimizer, OptimizerKind::adam);
  EXPECT_EQ(transfer_settings(EvalMode::fasttest).classifier.batch_size, 128);
  EXPECT_EQ(transfer_settings(EvalMode::dev).classifier.tenacity, 3);
  EXPECT_EQ(sts_split(EvalMode::dev), Split::dev);
  EXPECT_EQ(sts_split(EvalMode::fasttest), Split::test);
  EXPECT_THROW(parse_eval_mode("quick"), Error);
}

}  // namespace
}  // namespace simcse
