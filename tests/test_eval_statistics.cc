// test_eval_statistics.cc — Pearson, Spearman (average ranks for ties), NumPy's pairwise mean and
// Python's and NumPy's round(x, 2), against values scipy and NumPy computed
// (tools/make_stats_fixtures.py -> tests/fixtures/eval/stats.json), to 1e-12.
#include <gtest/gtest.h>

#include <cmath>

#include "eval/classifier_validation.h"
#include "eval/statistics.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

const json& fixture() {
  static const json loaded = testing::load_json("tests/fixtures/eval/stats.json");
  return loaded;
}

// Returns |ours - scipy| (0 when both are NaN).
double expect_matches_scipy(double ours, const json& reference, const std::string& what) {
  if (reference.is_null()) {
    EXPECT_TRUE(std::isnan(ours)) << what << ": scipy gives NaN, we give " << ours;
    return 0;
  }
  EXPECT_NEAR(ours, reference.get<double>(), 1e-12) << what;
  return std::abs(ours - reference.get<double>());
}

TEST(EvalStatistics, CorrelationsMatchScipy) {
  double worst = 0;
  for (const json& c : fixture()["correlations"]) {
    const std::vector<double> x = c["x"], y = c["y"];
    const std::string name = c["name"];
    worst = std::max(worst, expect_matches_scipy(pearson(x, y), c["pearson"], name + " pearson"));
    worst = std::max(worst, expect_matches_scipy(spearman(x, y), c["spearman"], name + " spearman"));
  }
  std::printf("largest |ours - scipy| over %zu series: %.3g\n", fixture()["correlations"].size(), worst);
}

TEST(EvalStatistics, AverageRanksMatchScipyRankdata) {
  for (const json& c : fixture()["ranks"]) EXPECT_EQ(average_ranks(c["values"]), c["ranks"].get<std::vector<double>>());
}

// The worked example of docs/05-evaluation.md: gold {1, 2, 2, 3} ranks {1, 2.5, 2.5, 4}; a system
// that gets the order right but splits the tie cannot reach rho = 1.
TEST(EvalStatistics, WorkedSpearmanExampleWithTies) {
  const std::vector<double> gold = {1, 2, 2, 3}, system = {0.1, 0.4, 0.5, 0.9};
  EXPECT_EQ(average_ranks(gold), (std::vector<double>{1, 2.5, 2.5, 4}));
  EXPECT_NEAR(spearman(system, gold), 4.5 / std::sqrt(5.0 * 4.5), 1e-15);  // = 0.9487
}

TEST(EvalStatistics, NumpyMeanIsBitExact) {
  for (const json& c : fixture()["means"]) EXPECT_EQ(numpy_mean(c["values"]), c["mean"].get<double>());
}

TEST(EvalStatistics, RoundingMatchesPythonAndNumpy) {
  int differences = 0;
  for (const json& c : fixture()["rounding"]) {
    const double x = c["x"];
    EXPECT_EQ(python_round2(x), c["python"].get<double>()) << "round(" << x << ", 2)";
    EXPECT_EQ(numpy_round2(x), c["numpy"].get<double>()) << "round(np.float64(" << x << "), 2)";
    differences += c["python"].get<double>() != c["numpy"].get<double>();
  }
  EXPECT_GT(differences, 0) << "the fixture should contain ties on which the two roundings differ";
}

TEST(EvalStatistics, BadInputIsAnError) {
  EXPECT_THROW(pearson({1, 2, 3}, {1, 2}), Error);
  EXPECT_THROW(spearman({1}, {1}), Error);
  EXPECT_THROW(numpy_mean({}), Error);
}

}  // namespace
}  // namespace simcse
