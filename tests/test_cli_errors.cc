// test_cli_errors.cc — the simcse binary's answers to command lines that cannot work: a mistyped
// subcommand is named, bounds are stated plainly (not as a 300-digit double), a directory given
// as an input file and negative counts are refused, and HF's --max_grad_norm is accepted.
#include <gtest/gtest.h>

#include <filesystem>

#include "file_helpers.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using testing::run_simcse;
using testing::RunResult;

class CliErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(testing::simcse_binary())) << "build it first (make build-tests)";
  }
  RunResult run(const std::string& arguments) { return run_simcse(arguments, dir_.path()); }
  // A training command on tiny_data whose output goes to the test's directory.
  std::string train(const std::string& extra) {
    const std::string root = testing::repo_root();
    return "train --config_name " + root + "/tiny_data/bert_config.json --tokenizer_name " + root +
           "/tiny_data/vocab.txt --train_file " + root + "/tiny_data/corpus.txt --output_dir " + (dir_ / "out") +
           " " + extra;
  }
  testing::TempDir dir_;
};

TEST_F(CliErrors, AnUnknownSubcommandIsNamed) {
  const RunResult result = run("trian --output_dir x");
  EXPECT_NE(result.exit_status, 0);
  EXPECT_NE(result.err.find("unknown command 'trian'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("train"), std::string::npos) << result.err;
}

TEST_F(CliErrors, BoundsAreStatedPlainly) {
  RunResult result = run("encode --model_name_or_path . --input README.md --output x.npy --threads -1");
  EXPECT_NE(result.exit_status, 0);
  EXPECT_NE(result.err.find("--threads: must be 0 or more, got -1"), std::string::npos) << result.err;
  EXPECT_LT(result.err.size(), 200u) << result.err;
  result = run("encode --model_name_or_path . --input README.md --output x.npy --batch_size 0");
  EXPECT_NE(result.err.find("--batch_size: must be positive, got 0"), std::string::npos) << result.err;
}

TEST_F(CliErrors, ADirectoryIsNotAnInputFile) {
  for (const std::string command : {"tokenize --vocab tiny_data/vocab.txt --input tiny_data",
                                    "encode --model_name_or_path tiny_data --input tiny_data --output x.npy",
                                    "vocab build --input tiny_data --size 100 --output v.txt"}) {
    const RunResult result = run(command);
    EXPECT_NE(result.exit_status, 0) << command;
    EXPECT_NE(result.err.find("directory"), std::string::npos) << command << ": " << result.err;
  }
}

TEST_F(CliErrors, NegativeCountsAreRefusedNamingTheFlag) {
  for (const std::string flag : {"--seed", "--save_steps", "--logging_steps", "--threads"}) {
    const RunResult result = run(train(flag + " -1 --max_steps 1"));
    EXPECT_NE(result.exit_status, 0) << flag;
    EXPECT_NE(result.err.find(flag), std::string::npos) << flag << ": " << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "out/model.safetensors")) << flag;
  }
}

TEST_F(CliErrors, MaxGradNormIsAcceptedAndFp16SaysWhatItDoes) {
  RunResult result = run(train("--max_grad_norm 0 --max_steps 1 --per_device_train_batch_size 4"));
  EXPECT_EQ(result.exit_status, 0) << result.err;
  result = run(train("--fp16 --device cuda --max_steps 1 --overwrite_output_dir"));
  EXPECT_EQ(result.err.find("on the CPU"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--fp16"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace simcse
