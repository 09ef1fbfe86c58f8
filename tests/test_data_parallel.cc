// test_data_parallel.cc — `mpirun -np 2 simcse train` against one process: two ranks with batch b
// each train exactly as one process with batch 2b fed the same sentences in the same order (the
// negatives gathered across ranks, the dropout masks and MLM corruption each rank draws being the
// ones the single process draws for the same rows). In double precision the losses agree to 1e-12
// and every saved weight up to the float rounding of the save; in float the losses and gradient
// norms agree to 1e-6 (the weights cannot be compared that tightly in float: AdamW divides each
// gradient by its own running size, so an entry whose gradient is below float's resolution of the
// sum moves by a whole step either way). Also: a stopped rank makes the other stop with a clear
// error instead of hanging; ranks started differently, or a batch the ranks cannot share, are
// named. Runs the simcse binaries built next to this test under Open MPI's mpirun.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "file_helpers.h"
#include "io/binary_file.h"
#include "io/safetensors.h"
#include "support/test_support.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Open MPI refuses to run as root unless told that it is meant.
const std::string kMpirun = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe ";

std::string binary(bool double_precision) { return testing::simcse_binary() + (double_precision ? "_double" : ""); }

class DataParallel : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(std::system("command -v mpirun > /dev/null"), 0)
        << "mpirun is missing: install Open MPI (Debian: apt-get install openmpi-bin libopenmpi-dev; make deps does)";
    const std::string root = testing::repo_root();
    std::ifstream corpus(root + "/tiny_data/corpus.txt");
    std::ofstream text(dir_ / "corpus.txt"), triplets(dir_ / "triplets.csv");
    triplets << "sent0,sent1,hard_neg\n";
    std::vector<std::string> lines;
    for (std::string line; lines.size() < 96 && std::getline(corpus, line);) lines.push_back(line);
    for (int i = 0; i < 64; ++i) text << lines[i] << "\n";
    auto quoted = [](const std::string& field) {  // a CSV field: the sentences hold commas and quotes
      std::string out = "\"";
      for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      return out + "\"";
    };
    for (int i = 0; i < 32; ++i)
      triplets << quoted(lines[i]) << "," << quoted(lines[i + 32]) << "," << quoted(lines[i + 64]) << "\n";
    common_ = "train --config_name " + root + "/tiny_data/bert_config.json --tokenizer_name " + root +
              "/tiny_data/vocab.txt --learning_rate 1e-3 --logging_steps 1 "
              "--threads 1 --seed 7 ";
  }

  // Trains with one process (batch 2b) and with two ranks (batch b each); returns both output folders.
  std::pair<std::string, std::string> train_both(const std::string& flags, bool double_precision, const char* name) {
    const std::string one = dir_ / (std::string(name) + "_one"), two = dir_ / (std::string(name) + "_two");
    const std::string args = common_ + flags + " --max_steps 3 --save_steps 0";
    const std::string quiet = " > " + (dir_ / "run.out") + " 2> " + (dir_ / "run.err");
    const std::string single = binary(double_precision) + " " + args + " --per_device_train_batch_size 8 --output_dir " + one;
    EXPECT_EQ(std::system((single + quiet).c_str()), 0) << testing::read_bytes(dir_ / "run.err");
    const std::string ranks = kMpirun + "-np 2 " + binary(double_precision) + " " + args +
                              " --per_device_train_batch_size 4 --output_dir " + two;
    EXPECT_EQ(std::system((ranks + quiet).c_str()), 0) << testing::read_bytes(dir_ / "run.err");
    return {one, two};
  }

  // (loss, grad_norm) per logged step.
  static std::vector<std::pair<double, double>> log_of(const std::string& output_dir) {
    std::vector<std::pair<double, double>> steps;
    std::ifstream log(output_dir + "/training_log.jsonl");
    for (std::string line; std::getline(log, line);) {
      const json record = json::parse(line);
      if (record.contains("loss")) steps.emplace_back(record["loss"], record["grad_norm"]);
    }
    return steps;
  }

  static void expect_same_logs(const std::string& one, const std::string& two, double tolerance) {
    const auto a = log_of(one), b = log_of(two);
    ASSERT_EQ(a.size(), 3u);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_LE(std::abs(a[i].first - b[i].first) / std::abs(a[i].first), tolerance) << "loss of step " << i + 1;
      EXPECT_LE(std::abs(a[i].second - b[i].second) / std::abs(a[i].second), tolerance) << "grad norm of step " << i + 1;
    }
  }

  // Largest |a - b| over every saved weight, over max(1, largest |a|) of its tensor.
  static double weight_error(const std::string& one, const std::string& two) {
    const TensorFileIndex a = read_safetensors_index(one + "/model.safetensors");
    const BinaryFile file_a(one + "/model.safetensors"), file_b(two + "/model.safetensors");
    const TensorFileIndex b = read_safetensors_index(two + "/model.safetensors");
    double worst = 0;
    for (size_t t = 0; t < a.tensors.size(); ++t) {
      const std::vector<Scalar> x = read_stored_tensor(file_a, a.tensors[t]).to_vector();
      const std::vector<Scalar> y = read_stored_tensor(file_b, b.tensors[t]).to_vector();
      double scale = 1, error = 0;
      for (size_t i = 0; i < x.size(); ++i) scale = std::max(scale, std::abs(double(x[i])));
      for (size_t i = 0; i < x.size(); ++i) error = std::max(error, std::abs(double(x[i]) - double(y[i])));
      worst = std::max(worst, error / scale);
    }
    return worst;
  }

  testing::TempDir dir_;
  std::string common_;
};

TEST_F(DataParallel, TwoRanksTrainAsOneProcessWithTheirBatchesTogether) {
  struct Case {
    const char* name;
    std::string flags;
  };
  for (const Case& c : {Case{"unsup", "--train_file " + (dir_ / "corpus.txt") + " --pooler_type cls --mlp_only_train"},
                        Case{"sup", "--train_file " + (dir_ / "triplets.csv") + " --hard_negative_weight 0.5"},
                        Case{"mlm", "--train_file " + (dir_ / "corpus.txt") + " --pooler_type avg --do_mlm"}}) {
    SCOPED_TRACE(c.name);
    const auto [one, two] = train_both(c.flags, /*double_precision=*/true, c.name);
    expect_same_logs(one, two, 1e-12);
    EXPECT_LE(weight_error(one, two), 1e-7) << "(the save rounds to float32)";
    const auto [one_float, two_float] = train_both(c.flags, /*double_precision=*/false, (std::string(c.name) + "_float").c_str());
    expect_same_logs(one_float, two_float, 1e-6);
  }
}

// On GPUs (make test-gpu with a CUDA build on a machine with two or more): NCCL's collectives
// instead of MPI's, one GPU per rank, the same equivalence in float.
TEST_F(DataParallel, TwoGpuRanksTrainAsOneGpu) {
  if (std::system("test \"$(nvidia-smi -L 2> /dev/null | wc -l)\" -ge 2") != 0)
    GTEST_SKIP() << "needs two GPUs: run make test-gpu on a multi-GPU machine";
  const std::string probe = binary(false) + " " + common_ + "--train_file " + (dir_ / "corpus.txt") +
                            " --max_steps 1 --device cuda --output_dir " + (dir_ / "probe") + " > /dev/null 2>&1";
  if (std::system(probe.c_str()) != 0) GTEST_SKIP() << "this simcse was built without CUDA (make CUDA=1)";
  const auto [one, two] = train_both("--train_file " + (dir_ / "corpus.txt") + " --device cuda", false, "gpu");
  expect_same_logs(one, two, 1e-6);
}

// ZeRO-1 gives each rank half of AdamW's moments; every weight gets the same arithmetic as
// without it, so the model and the (gathered) moments of a checkpoint are the same bytes. A run
// resumed on one process from a 2-rank checkpoint continues as the 2-rank run does.
TEST_F(DataParallel, ShardedMomentsTrainTheSameWeights) {
  const std::string args = common_ + "--train_file " + (dir_ / "corpus.txt") + " --per_device_train_batch_size 4 " +
                           "--max_steps 4 --save_steps 2 --weight_decay 0.01 ";
  const std::string quiet = " > " + (dir_ / "zero.out") + " 2> " + (dir_ / "zero.err");
  for (const std::string stage : {"0", "1"}) {
    const std::string command =
        kMpirun + "-np 2 " + binary(false) + " " + args + "--zero_stage " + stage + " --output_dir " + (dir_ / stage);
    ASSERT_EQ(std::system((command + quiet).c_str()), 0) << testing::read_bytes(dir_ / "zero.err");
  }
  EXPECT_NE(testing::read_bytes(dir_ / "zero.err").find("KiB of AdamW moments"), std::string::npos);
  for (const char* file : {"/model.safetensors", "/checkpoint-2/training_state.safetensors",
                           "/checkpoint-4/training_state.safetensors"})
    EXPECT_EQ(testing::read_bytes((dir_ / "0") + file), testing::read_bytes((dir_ / "1") + file)) << file;

  // Resumed with twice the batch on one process: the same global batches, so the same model.
  const std::string resume = binary(false) + " " + common_ + "--train_file " + (dir_ / "corpus.txt") +
                             " --per_device_train_batch_size 8 --max_steps 4 --save_steps 2 --weight_decay 0.01 " +
                             "--resume_from_checkpoint " + (dir_ / "1/checkpoint-2") + " --output_dir " +
                             (dir_ / "resumed");
  ASSERT_EQ(std::system((resume + quiet).c_str()), 0) << testing::read_bytes(dir_ / "zero.err");
  EXPECT_LE(weight_error(dir_ / "1", dir_ / "resumed"), 1e-6);
}

TEST_F(DataParallel, AStoppedRankMakesTheOtherStopWithAClearError) {
  // A run long enough to be caught in the middle; one rank is then frozen with SIGSTOP (as a hung
  // process would be), so the other waits at its next collective until --ddp_timeout.
  const std::string out = dir_ / "stopped";
  const std::string command = "(" + kMpirun + "-np 2 " + binary(false) + " " + common_ + "--train_file " +
                              (dir_ / "corpus.txt") + " --per_device_train_batch_size 4 --max_steps 100000 " +
                              "--ddp_timeout 3 --output_dir " + out + " > " + (dir_ / "stopped.out") + " 2> " +
                              (dir_ / "stopped.err") + "; echo $? > " + (dir_ / "status") + ") &";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  while (!fs::exists(out + "/training_log.jsonl") && seconds() < 60)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Anchored at the binary so that it matches a rank, not the shell that runs pkill with this pattern.
  const std::string rank_pattern = "^" + binary(false) + " train .*--output_dir " + out;
  ASSERT_EQ(std::system(("pkill -STOP -n -f -- '" + rank_pattern + "'").c_str()), 0) << "no rank to stop";
  while (!fs::exists(dir_ / "status") && seconds() < 120) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(fs::exists(dir_ / "status")) << "the run did not end within two minutes of a rank being stopped";
  EXPECT_NE(std::stoi(testing::read_bytes(dir_ / "status")), 0);
  const std::string err = testing::read_bytes(dir_ / "stopped.err");
  EXPECT_NE(err.find("got no answer from the other ranks within 3 s"), std::string::npos) << err;
}

TEST_F(DataParallel, RanksStartedDifferentlyAreNamed) {
  const std::string args = common_ + "--train_file " + (dir_ / "corpus.txt") + " --per_device_train_batch_size 4 " +
                           "--output_dir " + (dir_ / "different");
  const std::string command = kMpirun + "-np 1 " + binary(false) + " " + args + " : -np 1 " + binary(false) + " " +
                              args + " --temp 0.1 > /dev/null 2> " + (dir_ / "different.err");
  EXPECT_NE(std::system(command.c_str()), 0);
  const std::string err = testing::read_bytes(dir_ / "different.err");
  EXPECT_NE(err.find("rank 1 was started with another command line than rank 0"), std::string::npos) << err;
  EXPECT_NE(err.find("--temp"), std::string::npos) << err;
}

TEST_F(DataParallel, ABatchTheRanksCannotShareIsNamed) {
  std::ofstream(dir_ / "odd.txt") << testing::read_bytes(dir_ / "corpus.txt").substr(0, 400);  // a few lines
  std::ifstream odd(dir_ / "odd.txt");
  int lines = 0;
  for (std::string line; std::getline(odd, line);) ++lines;
  // Batches of 2 x 2 leave one example at the end of the epoch when the file has an odd count.
  const std::string keep = std::to_string(lines % 2 == 1 ? lines : lines - 1);
  std::system(("head -n " + keep + " " + (dir_ / "odd.txt") + " > " + (dir_ / "odd_lines.txt")).c_str());
  const std::string command = kMpirun + "-np 2 " + binary(false) + " " + common_ + "--train_file " +
                              (dir_ / "odd_lines.txt") + " --per_device_train_batch_size 2 " +
                              "--output_dir " + (dir_ / "odd_out") + " > /dev/null 2> " + (dir_ / "odd.err");
  EXPECT_NE(std::system(command.c_str()), 0);
  const std::string err = testing::read_bytes(dir_ / "odd.err");
  EXPECT_NE(err.find("cannot be shared evenly by 2 ranks"), std::string::npos) << err;
}

}  // namespace
}  // namespace simcse
