// test_training_on_device.cc — whole SimCSE training runs with the model on the cuda device match
// the same runs on the CPU backend: `simcse train`'s trainer, unchanged, with --device cuda. Each
// run is a few steps of a 1-layer, 16-wide BERT over tiny_data's vocabulary with dropout on (the
// Philox masks are the same on both devices), through the optimizer (AdamW, clipping, schedule),
// and the saved model is read back: per-step losses and every saved weight agree within 1e-5.
// Runs on the CPU emulator in `make test` (slow: a fiber per CUDA thread, hence the tiny model)
// and on the GPU in `make test-gpu`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "file_helpers.h"
#include "nn/bert_checkpoint.h"
#include "simcse/trainer.h"
#include "support/test_support.h"
#include "tiny_training.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;

constexpr double kTolerance = 1e-5;

class TrainingOnDevice : public ::testing::Test {
 protected:
  void SetUp() override {
    // tiny_data's first 24 sentences as a text file for unsupervised runs, and as 8 CSV triplets
    // (sentence, positive, hard negative) for supervised ones.
    args_ = testing::tiny_training_arguments(dir_.path(), 24);
    std::ifstream corpus(dir_ / "corpus.txt");
    std::vector<std::string> lines;
    for (std::string line; std::getline(corpus, line);) lines.push_back(line);
    std::ofstream triplets(dir_ / "triplets.csv");
    triplets << "sent0,sent1,hard_neg\n";
    for (size_t i = 0; i + 2 < lines.size(); i += 3)
      triplets << '"' << lines[i] << "\",\"" << lines[i + 1] << "\",\"" << lines[i + 2] << "\"\n";
    args_.per_device_train_batch_size = 4;
    args_.max_seq_length = 16;
    args_.max_steps = 3;
    args_.learning_rate = 1e-3;
    args_.logging_steps = 1;
    args_.save_steps = 0;
    args_.threads = 1;
  }

  // Trains on both devices and compares the logged losses and the saved weights.
  void expect_same_training_on_both_devices() {
    for (const char* device : {"cpu", "cuda"}) {
      args_.device = device;
      args_.output_dir = dir_ / device;
      train(args_, {}, {"simcse", "train", "(test)"});
    }
    const std::vector<double> cpu_losses = losses(dir_ / "cpu"), cuda_losses = losses(dir_ / "cuda");
    ASSERT_EQ(cpu_losses.size(), static_cast<size_t>(args_.max_steps));
    ASSERT_EQ(cuda_losses.size(), cpu_losses.size());
    for (size_t step = 0; step < cpu_losses.size(); ++step) {
      std::printf("step %zu loss: cpu %.9f, cuda %.9f\n", step + 1, cpu_losses[step], cuda_losses[step]);
      EXPECT_NEAR(cuda_losses[step], cpu_losses[step], kTolerance * std::max(1.0, std::abs(cpu_losses[step])))
          << "step " << step + 1;
    }
    const LoadedBert cpu_model = load_bert(dir_ / "cpu"), cuda_model = load_bert(dir_ / "cuda");
    const auto& cpu_parameters = cpu_model.model.parameters().all();
    const auto& cuda_parameters = cuda_model.model.parameters().all();
    ASSERT_EQ(cpu_parameters.size(), cuda_parameters.size());
    double worst = 0;
    for (size_t i = 0; i < cpu_parameters.size(); ++i) {
      ASSERT_EQ(cpu_parameters[i].first, cuda_parameters[i].first);
      const std::vector<Scalar> a = cpu_parameters[i].second.to_vector(), b = cuda_parameters[i].second.to_vector();
      double error = 0;
      for (size_t k = 0; k < a.size(); ++k) error = std::max(error, std::abs(double(a[k]) - double(b[k])));
      EXPECT_LE(error, kTolerance) << cpu_parameters[i].first;
      worst = std::max(worst, error);
    }
    std::printf("%zu saved tensors after %lld steps: cuda vs cpu max_err=%.3g\n", cpu_parameters.size(),
                static_cast<long long>(args_.max_steps), worst);
  }

  static std::vector<double> losses(const std::string& output_dir) {
    std::vector<double> values;
    std::ifstream log(fs::path(output_dir) / "training_log.jsonl");
    for (std::string line; std::getline(log, line);) {
      const nlohmann::json record = nlohmann::json::parse(line);
      if (record.contains("loss")) values.push_back(record["loss"]);
    }
    return values;
  }

  testing::TempDir dir_;
  TrainingArguments args_;
};

// Unsupervised SimCSE (§3): two dropout views per sentence, the MLP in training only.
TEST_F(TrainingOnDevice, UnsupervisedRunMatchesTheCpu) {
  args_.mlp_only_train = true;
  expect_same_training_on_both_devices();
}

// Supervised SimCSE (§4) with everything switched on: hard negatives with a weight, the MLM
// auxiliary loss (Appendix D: the head's own decoder over the vocabulary), average pooling.
TEST_F(TrainingOnDevice, SupervisedRunWithHardNegativesAndMlmMatchesTheCpu) {
  args_.train_file = dir_ / "triplets.csv";
  args_.hard_negative_weight = 0.5;
  args_.do_mlm = true;
  args_.pooler_type = "avg";
  expect_same_training_on_both_devices();
}

// ESimCSE: repeated words in the positives, a momentum encoder moved on the device, its queue of
// negatives on the device.
TEST_F(TrainingOnDevice, EsimcseRunWithQueueMatchesTheCpu) {
  args_.positive = "word_repetition";
  args_.queue_size = 6;
  args_.momentum = 0.9;
  args_.pooler_type = "cls";
  expect_same_training_on_both_devices();
}

}  // namespace
}  // namespace simcse
