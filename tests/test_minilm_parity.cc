// test_minilm_parity.cc — a real published model, opened with no flag: `simcse encode` on
// ../shared/data/models/all-MiniLM-L6-v2 (sentence-transformers' files, tokenizer.json and no
// vocab.txt) gives sentence-transformers' vectors for the first 1,200 lines of the shared corpus to
// 1e-5 (fixtures from tools/make_minilm_fixtures.py: 32 rows in full, and 6 projections of every
// row). Skips without ../shared/data, fails without it when CI is set.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "file_helpers.h"
#include "io/npy.h"
#include "io/sha256.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using testing::TempDir;

constexpr double kTolerance = 1e-5;

TEST(MiniLmParity, SimcseEncodeWithNoFlagsGivesSentenceTransformersVectors) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const nlohmann::json fixture = testing::load_json("tests/fixtures/sentence_transformers/minilm_parity.json");
  const std::string data = testing::shared_data_dir();
  const std::string model = data + "/" + fixture["model"].get<std::string>();
  ASSERT_TRUE(std::filesystem::exists(model + "/modules.json")) << model << " is missing from ../shared/data";
  ASSERT_FALSE(std::filesystem::exists(model + "/vocab.txt")) << "the test is about reading tokenizer.json";

  // The first `count` lines of the corpus, as the generator read them.
  const int64_t count = fixture["count"];
  std::ifstream corpus(data + "/" + fixture["sentences"].get<std::string>(), std::ios::binary);
  std::string text, line;
  for (int64_t i = 0; i < count && std::getline(corpus, line); ++i) text += line + "\n";
  ASSERT_EQ(sha256_of_bytes(text), fixture["sha256_of_lines"].get<std::string>()) << "the shared corpus changed";
  TempDir dir;
  testing::write_bytes(dir / "lines.txt", text);

  const testing::RunResult run = testing::run_simcse(
      "encode --model_name_or_path " + model + " --input " + (dir / "lines.txt") + " --output " + (dir / "ours.npy"),
      dir.path());
  ASSERT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.err.find("avg -> normalize, from modules.json"), std::string::npos) << run.err;
  const NpyArray ours = load_npy(dir / "ours.npy");
  ASSERT_EQ(ours.shape, (std::vector<int64_t>{count, 384}));

  const NpyArray rows = load_npy(testing::repo_root() + "/tests/fixtures/sentence_transformers/minilm_rows.npy");
  const std::vector<int64_t> row_ids = fixture["rows"];
  const int64_t width = 384;
  double worst_row = 0;
  for (size_t r = 0; r < row_ids.size(); ++r)
    for (int64_t d = 0; d < width; ++d)
      worst_row = std::max(worst_row, std::abs(ours.values[row_ids[r] * width + d] - rows.values[r * width + d]));
  EXPECT_LE(worst_row, kTolerance) << "max |error| over the " << row_ids.size() << " full rows";

  // Every row through its projections: |p.(ours - theirs)| <= 1e-5 ||p||_1 when each coordinate is within 1e-5.
  const NpyArray directions =
      load_npy(testing::repo_root() + "/tests/fixtures/sentence_transformers/minilm_directions.npy");
  const NpyArray projections =
      load_npy(testing::repo_root() + "/tests/fixtures/sentence_transformers/minilm_projections.npy");
  const int64_t k = directions.shape[0];
  double worst_projection = 0;  // in units of the allowed bound
  for (int64_t i = 0; i < count; ++i) {
    for (int64_t j = 0; j < k; ++j) {
      double projection = 0, l1 = 0;
      for (int64_t d = 0; d < width; ++d) {
        projection += ours.values[i * width + d] * directions.values[j * width + d];
        l1 += std::abs(directions.values[j * width + d]);
      }
      worst_projection = std::max(worst_projection, std::abs(projection - projections.values[i * k + j]) / (kTolerance * l1));
    }
  }
  EXPECT_LE(worst_projection, 1.0) << "a projection differs by more than 1e-5 per coordinate allows";
  std::printf("  all-MiniLM-L6-v2, %lld sentences: max |error| %.2e on %zu full rows; projections at %.3f of the bound\n",
              static_cast<long long>(count), worst_row, row_ids.size(), worst_projection);
}

}  // namespace
}  // namespace simcse
