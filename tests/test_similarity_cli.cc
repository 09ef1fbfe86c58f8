// test_similarity_cli.cc — `simcse similarity` and the standard streams: the cosine matrix equals the
// cosines of `simcse encode`'s vectors, --pairs gives line i against line i as TSV, "-" reads
// standard input and writes standard output for both commands, and an empty input, unequal
// --pairs files and over-long lines are reported (the last as one warning with the count).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "eval/sts_eval.h"
#include "file_helpers.h"
#include "io/npy.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using testing::TempDir;

class SimilarityCli : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = "--model " + testing::repo_root() + "/tests/fixtures/encoder/one_layer_relu --pooler avg";
    testing::write_bytes(dir_ / "a.txt", "a man is playing guitar\na dog is running\n");
    testing::write_bytes(dir_ / "b.txt", "a woman is riding a horse\na man is playing guitar\nthere are two dogs\n");
  }
  testing::RunResult run(const std::string& arguments) { return testing::run_simcse(arguments, dir_.path()); }
  std::string model_;
  TempDir dir_;
};

TEST_F(SimilarityCli, MatrixIsTheCosinesOfEncodedVectors) {
  ASSERT_EQ(run("similarity " + model_ + " --a " + (dir_ / "a.txt") + " --b " + (dir_ / "b.txt") + " --output " +
                (dir_ / "m.npy")).exit_status, 0);
  ASSERT_EQ(run("encode " + model_ + " --input " + (dir_ / "a.txt") + " --output " + (dir_ / "a.npy")).exit_status, 0);
  ASSERT_EQ(run("encode " + model_ + " --input " + (dir_ / "b.txt") + " --output " + (dir_ / "b.npy")).exit_status, 0);
  const NpyArray m = load_npy(dir_ / "m.npy"), a = load_npy(dir_ / "a.npy"), b = load_npy(dir_ / "b.npy");
  ASSERT_EQ(m.shape, (std::vector<int64_t>{2, 3}));
  const int64_t width = a.shape[1];
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      EXPECT_NEAR(m.values[i * 3 + j], cosine_similarity(&a.values[i * width], &b.values[j * width], width), 1e-6);
  EXPECT_NEAR(m.values[0 * 3 + 1], 1.0, 1e-6) << "the same sentence in both files";
}

TEST_F(SimilarityCli, PairsAsTsvFromStandardInputToStandardOutput) {
  const testing::RunResult result = run("similarity " + model_ + " --a - --b " + (dir_ / "a.txt") +
                                        " --pairs --output - < " + (dir_ / "a.txt"));
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_EQ(result.out, "1.000000\ta man is playing guitar\ta man is playing guitar\n"
                        "1.000000\ta dog is running\ta dog is running\n");
}

TEST_F(SimilarityCli, EncodeReadsAndWritesTheStandardStreams) {
  ASSERT_EQ(run("encode " + model_ + " --input " + (dir_ / "a.txt") + " --output " + (dir_ / "a.npy")).exit_status, 0);
  const testing::RunResult piped = run("encode " + model_ + " --input - --output - < " + (dir_ / "a.txt"));
  ASSERT_EQ(piped.exit_status, 0) << piped.err;
  EXPECT_EQ(piped.out, testing::read_bytes(dir_ / "a.npy")) << "the same .npy bytes on standard output";
}

TEST_F(SimilarityCli, BadInputsAreReported) {
  testing::write_bytes(dir_ / "empty.txt", "");
  testing::RunResult result = run("encode " + model_ + " --input " + (dir_ / "empty.txt") + " --output " + (dir_ / "x.npy"));
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("empty.txt: no sentences"), std::string::npos) << result.err;
  result = run("similarity " + model_ + " --a " + (dir_ / "a.txt") + " --b " + (dir_ / "b.txt") + " --pairs --output -");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("has 2 lines but"), std::string::npos) << result.err;
  result = run("similarity " + model_ + " --a - --b - --output -");
  EXPECT_NE(result.err.find("cannot both read standard input"), std::string::npos) << result.err;
}

TEST_F(SimilarityCli, LongLinesAreTruncatedCountedAndSaidOnce) {
  testing::write_bytes(dir_ / "long.txt", "a man is playing guitar a man is playing guitar\na dog\n"
                                          "a man is playing guitar a woman is riding a horse\n");
  const testing::RunResult result =
      run("encode " + model_ + " --max_length 8 --input " + (dir_ / "long.txt") + " --output " + (dir_ / "x.npy"));
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.err.find("long.txt: 2 sentence(s) longer than 8 tokens were truncated to 8"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("truncated"), result.err.rfind("truncated")) << "said once";
}

}  // namespace
}  // namespace simcse
