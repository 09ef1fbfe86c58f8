// test_encode_cli.cc — `simcse encode` end to end: the .npy it writes has one row per input line in
// input order (whatever the batching and length-sorting did), the rows are transformers' pooled
// vectors, the pooler can come from `simcse train`'s sidecar, --normalize gives unit rows, long
// inputs get a progress bar, and bad arguments fail with a message. Runs the simcse binary built
// next to this test (BUILD/simcse).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <filesystem>

#include "encoder_parity.h"
#include "file_helpers.h"
#include "io/npy.h"

namespace simcse {
namespace {

using testing::TempDir;

using testing::simcse_binary;

// Runs `simcse encode <arguments>` with stderr captured into `log`; returns the exit status.
int run_encode(const std::string& arguments, const std::string& log) {
  const std::string command = simcse_binary() + " encode " + arguments + " 2> " + log;
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string model_arguments(const TempDir& dir, const std::string& pooler) {
  return "--model_name_or_path " + testing::fixture_dir("odd_heads_gelu") + " --pooler " + pooler + " --input " +
         (dir / "input.txt") + " --output " + (dir / "out.npy");
}

class EncodeCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(simcse_binary())) << "build " << simcse_binary() << " first (make build-tests)";
    sentences_ = testing::load_json("tests/fixtures/encoder/odd_heads_gelu/inputs.json")["sentences"];
  }
  std::vector<std::string> sentences_;
};

TEST_F(EncodeCli, RowsFollowInputOrderAndMatchTransformers) {
  TempDir dir;
  // Input order differs from the fixture's; one sentence twice; CRLF line ends; batches of 2.
  const std::vector<int> picks = {3, 0, 2, 0, 1};
  std::string input;
  for (int pick : picks) input += sentences_[pick] + "\r\n";
  testing::write_bytes(dir / "input.txt", input);
  for (const char* pooler : {"cls", "cls_before_pooler", "avg", "avg_top2", "avg_first_last"}) {
    ASSERT_EQ(run_encode(model_arguments(dir, pooler) + " --batch_size 2", dir / "log"), 0)
        << testing::read_bytes(dir / "log");
    const NpyArray rows = load_npy(dir / "out.npy");
    ASSERT_EQ(rows.shape, (std::vector<int64_t>{5, 18})) << pooler;
    Tensor golden;
    for (const auto& [name, value] : testing::fixture_goldens("odd_heads_gelu", "float32"))
      if (name == std::string("pooled.") + pooler) golden = value;
    const std::vector<Scalar> expected = golden.to_vector();  // [4, 18] in fixture order
    for (size_t row = 0; row < picks.size(); ++row)
      for (int h = 0; h < 18; ++h)
        EXPECT_NEAR(rows.values[row * 18 + h], expected[picks[row] * 18 + h], 1e-5) << pooler << " row " << row;
  }
}

// A directory `simcse train` wrote records its pooler in simcse_config.json; --pooler may then be
// left out (and still overrides it when given).
TEST_F(EncodeCli, PoolerComesFromTheTrainingSidecar) {
  TempDir dir;
  testing::copy_directory(testing::fixture_dir("odd_heads_gelu"), dir / "model");
  testing::write_bytes(dir / "model/simcse_config.json", R"({"evaluation_pooler": "cls_before_pooler"})");
  testing::write_bytes(dir / "input.txt", sentences_[0] + "\n");
  const std::string common = "--model_name_or_path " + (dir / "model") + " --input " + (dir / "input.txt");
  ASSERT_EQ(run_encode(common + " --output " + (dir / "sidecar.npy"), dir / "log"), 0)
      << testing::read_bytes(dir / "log");
  ASSERT_EQ(run_encode(common + " --pooler cls_before_pooler --output " + (dir / "flag.npy"), dir / "log"), 0);
  ASSERT_EQ(run_encode(common + " --pooler avg --output " + (dir / "avg.npy"), dir / "log"), 0);
  EXPECT_EQ(load_npy(dir / "sidecar.npy").values, load_npy(dir / "flag.npy").values);
  EXPECT_NE(load_npy(dir / "sidecar.npy").values, load_npy(dir / "avg.npy").values);
}

TEST_F(EncodeCli, NormalizeGivesUnitRows) {
  TempDir dir;
  testing::write_bytes(dir / "input.txt", sentences_[0] + "\n" + sentences_[1] + "\n");
  ASSERT_EQ(run_encode(model_arguments(dir, "avg") + " --normalize --threads 1", dir / "log"), 0);
  const NpyArray rows = load_npy(dir / "out.npy");
  for (int row = 0; row < 2; ++row) {
    double squares = 0;
    for (int h = 0; h < 18; ++h) squares += rows.values[row * 18 + h] * rows.values[row * 18 + h];
    EXPECT_NEAR(std::sqrt(squares), 1.0, 1e-6);
  }
}

TEST_F(EncodeCli, LongInputsShowAProgressBar) {
  TempDir dir;
  std::string input;
  for (int i = 0; i < 300; ++i) input += sentences_[i % 4] + "\n";
  testing::write_bytes(dir / "input.txt", input);
  ASSERT_EQ(run_encode(model_arguments(dir, "cls") + " --batch_size 16", dir / "log"), 0);
  const std::string log = testing::read_bytes(dir / "log");
  EXPECT_NE(log.find("300/300 sentences (100%"), std::string::npos) << log;
  const NpyArray rows = load_npy(dir / "out.npy");
  EXPECT_EQ(rows.shape, (std::vector<int64_t>{300, 18}));
  for (int h = 0; h < 18; ++h) EXPECT_EQ(rows.values[4 * 18 + h], rows.values[h]);  // line 5 = line 1
}

TEST_F(EncodeCli, BadArgumentsFailWithAMessage) {
  TempDir dir;
  testing::write_bytes(dir / "input.txt", sentences_[0] + "\n");
  EXPECT_EQ(run_encode(model_arguments(dir, "median"), dir / "log"), 1);
  EXPECT_NE(testing::read_bytes(dir / "log").find("unknown pooler 'median'"), std::string::npos);
  EXPECT_EQ(run_encode(model_arguments(dir, "avg") + " --max_length 100", dir / "log"), 1);
  EXPECT_NE(testing::read_bytes(dir / "log").find("max_position_embeddings 24"), std::string::npos);
  EXPECT_NE(run_encode("--input " + (dir / "input.txt") + " --output " + (dir / "o.npy"), dir / "log"), 0);
  EXPECT_NE(testing::read_bytes(dir / "log").find("--model_name_or_path"), std::string::npos);
  // No --pooler and no simcse_config.json recording one: an error that asks for --pooler.
  EXPECT_EQ(run_encode("--model_name_or_path " + testing::fixture_dir("odd_heads_gelu") + " --input " +
                           (dir / "input.txt") + " --output " + (dir / "o.npy"),
                       dir / "log"),
            1);
  EXPECT_NE(testing::read_bytes(dir / "log").find("give --pooler"), std::string::npos);
  // --device cuda in this CPU-only binary: refused before the model is loaded, saying how to get it.
  EXPECT_EQ(run_encode("--model_name_or_path " + testing::fixture_dir("odd_heads_gelu") + " --pooler avg --input " +
                           (dir / "input.txt") + " --output " + (dir / "o.npy") + " --device cuda",
                       dir / "log"),
            1);
  EXPECT_NE(testing::read_bytes(dir / "log").find("make CUDA=1"), std::string::npos);
  EXPECT_EQ(run_encode("--model_name_or_path " + dir.path() + " --pooler avg --input " + (dir / "input.txt") +
                           " --output " + (dir / "o.npy"),
                       dir / "log"),
            1);
  EXPECT_NE(testing::read_bytes(dir / "log").find("config.json"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "o.npy"));
}

}  // namespace
}  // namespace simcse
