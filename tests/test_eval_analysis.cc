// test_eval_analysis.cc — alignment and uniformity (Wang & Isola, as the paper computes them) on
// vectors worked out by hand and against PyTorch's align_loss / uniform_loss
// (tests/fixtures/eval/stats.json), singular values against numpy, the gold-score groups, the
// STS-B dev analysis, and the files `simcse analyze` writes.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "eval/analysis.h"
#include "eval/analysis_report.h"
#include "eval/hashed_word_encoder.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

Tensor rows_of(const std::vector<Scalar>& values, int64_t columns) {
  return Tensor::from_vector(Shape({static_cast<int64_t>(values.size()) / columns, columns}), values);
}

TEST(EvalAnalysis, AlignmentAndUniformityByHand) {
  // Rows are normalised first, so lengths do not matter: (2, 0) is (1, 0).
  const Tensor a = rows_of({2, 0, 0, 1}, 2), b = rows_of({0, 3, 0, 1}, 2);
  EXPECT_NEAR(alignment(a, b), (2.0 + 0.0) / 2, 1e-12);  // ||(1,0) - (0,1)||^2 = 2, then 0
  // Four points at the compass directions: 4 neighbouring pairs at squared distance 2, 2 opposite at 4.
  const Tensor compass = rows_of({1, 0, 0, 1, -1, 0, 0, -1}, 2);
  EXPECT_NEAR(uniformity(compass), std::log((4 * std::exp(-4.0) + 2 * std::exp(-8.0)) / 6), 1e-6);
  // All sentences on one point: the worst uniformity, log 1 = 0.
  EXPECT_NEAR(uniformity(rows_of({1, 1, 2, 2, 3, 3}, 2)), 0.0, 1e-6);
}

TEST(EvalAnalysis, GeometryMatchesTorchAndNumpy) {
  const json fixture = testing::load_json("tests/fixtures/eval/stats.json");
  const json& cases = fixture["geometry"];
  for (const json& c : cases) {
    const std::vector<double> a = c["a"], b = c["b"];
    const Tensor x = rows_of(std::vector<Scalar>(a.begin(), a.end()), c["dim"]);
    const Tensor y = rows_of(std::vector<Scalar>(b.begin(), b.end()), c["dim"]);
    EXPECT_NEAR(alignment(x, y), c["alignment"].get<double>(), 1e-12);
    EXPECT_NEAR(uniformity(x), c["uniformity"].get<double>(), 1e-5);  // the n x n dot products are float
    const std::vector<double> ours = singular_values(x), theirs = c["singular_values"];
    ASSERT_EQ(ours.size(), theirs.size());
    for (size_t i = 0; i < ours.size(); ++i) EXPECT_NEAR(ours[i], theirs[i], 1e-9) << "singular value " << i;
  }
}

TEST(EvalAnalysis, GoldGroups) {
  EXPECT_EQ(gold_group(0.0), 0);
  EXPECT_EQ(gold_group(3.999), 3);
  EXPECT_EQ(gold_group(4.0), 4);
  EXPECT_EQ(gold_group(5.0), 4);  // the top group is closed: [4, 5]
  const std::vector<GoldBucket> buckets = cosines_by_gold({0.1, 0.2, 0.9}, {0.5, 4.2, 5.0});
  ASSERT_EQ(buckets.size(), 5u);
  EXPECT_EQ(buckets[0].cosines, std::vector<double>{0.1});
  EXPECT_EQ(buckets[4].cosines, (std::vector<double>{0.2, 0.9}));
}

TEST(EvalAnalysis, StsbDevAnalysisAndItsFiles) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const std::string senteval = testing::shared_data_dir() + "/senteval";
  const AlignmentUniformity geometry = stsb_alignment_uniformity(hashed_word_encoder(32), senteval);
  const StsDataset dev = load_sts_task("STSBenchmark", senteval, Split::dev).datasets[0];
  int64_t above_four = 0;
  for (const StsPair& pair : dev.pairs) above_four += pair.gold > 4;
  EXPECT_EQ(geometry.positive_pairs, above_four);
  EXPECT_EQ(geometry.sentences, 3000);
  EXPECT_GT(geometry.alignment, 0.0);
  EXPECT_LT(geometry.alignment, 4.0);  // unit vectors are at most 2 apart
  EXPECT_LT(geometry.uniformity, 0.0);

  const std::string out = (std::filesystem::temp_directory_path() / ("simcse_analysis_" + std::to_string(::getpid()))).string();
  const std::vector<ModelAnalysis> models = {analyse_on_stsb_dev({"hashed 16", hashed_word_encoder(16)}, senteval),
                                             analyse_on_stsb_dev({"hashed 64", hashed_word_encoder(64)}, senteval)};
  EXPECT_EQ(models[0].singular_values.size(), 16u);
  EXPECT_EQ(models[0].cosines.size(), 1500u);
  const PlotOutcome outcome = write_analysis(models, out);
  for (const char* file : {"alignment_uniformity.csv", "singular_values.csv", "cosine_by_gold.csv", "cosine_density.csv",
                           "alignment_uniformity.gp", "singular_values.gp", "cosine_density.gp"})
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
  if (outcome.rendered) {
    for (const char* png : {"alignment_uniformity.png", "singular_values.png", "cosine_density.png"})
      EXPECT_GT(std::filesystem::file_size(out + "/" + png), 1000u) << png;
  } else {
    EXPECT_NE(outcome.message.find("gnuplot"), std::string::npos) << outcome.message;
  }
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace simcse
