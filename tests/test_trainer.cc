// test_trainer.cc — the training loop: the same seed and thread count give the same loss sequence
// bit for bit; a run resumed from a checkpoint continues that sequence exactly; a NaN stops training
// with the step named and the last checkpoint intact; what is saved is a Hugging Face model with
// the right evaluation pooler recorded; the run record hashes the data.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eval/embedding_model.h"
#include "file_helpers.h"
#include "nn/bert_checkpoint.h"
#include "io/sha256.h"
#include "simcse/saved_model.h"
#include "simcse/trainer.h"
#include "support/test_support.h"
#include "tiny_training.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;

// A 1-layer, 16-wide BERT over tiny_data's vocabulary, on tiny_data's first 40 sentences.
class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    args_ = testing::tiny_training_arguments(dir_.path(), 40);
    args_.per_device_train_batch_size = 8;
    args_.max_steps = 8;
    args_.learning_rate = 1e-3;
    args_.mlp_only_train = true;
    args_.logging_steps = 1;
    args_.save_steps = 0;
    args_.threads = 2;
  }

  static std::vector<std::pair<int64_t, double>> losses(const std::string& output_dir) {
    return testing::logged_losses(output_dir);
  }

  TrainingSummary train_into(const std::string& output_dir) {
    args_.output_dir = output_dir;
    return train(args_, {}, {"simcse", "train", "(test)"});
  }

  testing::TempDir dir_;
  TrainingArguments args_;
};

TEST_F(TrainerTest, SameSeedSameLossesBitForBit) {
  train_into(dir_ / "first");
  train_into(dir_ / "second");
  auto first = losses(dir_ / "first"), second = losses(dir_ / "second");
  ASSERT_EQ(first.size(), 8u);
  EXPECT_EQ(first, second);
  args_.seed = 7;
  train_into(dir_ / "other_seed");
  EXPECT_NE(losses(dir_ / "other_seed"), first);
}

// The margin/scale form of the loss: --loss_scale s is --temp 1/s, and a margin of 0 is eq. (1)
// itself; a non-zero margin changes the losses.
TEST_F(TrainerTest, MarginZeroAndScaleTwentyAreInfoNceAtTemperatureFiveHundredths) {
  train_into(dir_ / "infonce");
  args_.loss_scale = 20;
  args_.loss_margin = 0;
  train_into(dir_ / "scaled");
  EXPECT_EQ(losses(dir_ / "scaled"), losses(dir_ / "infonce"));
  args_.loss_margin = 0.2;
  train_into(dir_ / "margin");
  EXPECT_NE(losses(dir_ / "margin"), losses(dir_ / "infonce"));
}

TEST_F(TrainerTest, ResumedRunContinuesTheSameLossSequence) {
  args_.max_steps = 9;  // more than one epoch (5 steps), so the resumed order must be recomputed
  args_.save_steps = 6;
  args_.do_mlm = true;  // MLM masks are drawn per step: they must line up after the resume too
  train_into(dir_ / "whole");
  ASSERT_TRUE(fs::exists(dir_ / "whole/checkpoint-6/training_state.safetensors"));
  args_.resume_from_checkpoint = dir_ / "whole/checkpoint-6";
  train_into(dir_ / "resumed");
  auto whole = losses(dir_ / "whole"), resumed = losses(dir_ / "resumed");
  ASSERT_EQ(whole.size(), 9u);
  ASSERT_EQ(resumed.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(resumed[i], whole[6 + i]) << "step " << resumed[i].first;
}

TEST_F(TrainerTest, NanStopsTrainingNamingTheStepAndKeepsTheLastCheckpoint) {
  args_.learning_rate = 1e30;  // weights of 1e30 overflow float within a few steps
  args_.max_steps = 40;
  args_.save_steps = 1;
  args_.output_dir = dir_ / "diverged";
  try {
    train(args_, {}, {});
    FAIL() << "training with lr 1e30 did not stop";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("step "), std::string::npos) << message;
    EXPECT_NE(message.find("NaN/Inf"), std::string::npos) << message;
  }
  // Every checkpoint that exists is complete and loads; no half-written one is left behind.
  int checkpoints = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "diverged")) {
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(name.find(".partial"), std::string::npos) << name;
    if (name.rfind("checkpoint-", 0) != 0) continue;
    ++checkpoints;
    EXPECT_NO_THROW(load_bert(entry.path().string())) << name;
    EXPECT_NO_THROW(read_training_checkpoint(entry.path().string())) << name;
  }
  EXPECT_GT(checkpoints, 0);
}

// The head a user of the directory gets (modules.json, or the sidecar for what it cannot say).
std::string saved_head(const std::string& directory) { return EmbeddingModel(directory, {}).head().describe(); }

TEST_F(TrainerTest, SavesAHuggingFaceModelWithItsEvaluationPooler) {
  train_into(dir_ / "unsup");
  EXPECT_EQ(saved_head(dir_ / "unsup"), "cls_before_pooler");
  LoadedBert unsup = load_bert(dir_ / "unsup");
  EXPECT_TRUE(unsup.model.has_pooler());  // the MLP, stored as BERT's pooler
  args_.mlp_only_train = false;
  train_into(dir_ / "sup_recipe");
  const std::string hidden = std::to_string(load_bert(dir_ / "sup_recipe").model.config().hidden_size);
  EXPECT_EQ(saved_head(dir_ / "sup_recipe"), "cls_before_pooler -> dense " + hidden + "->" + hidden + " tanh");
  args_.pooler_type = "avg";
  train_into(dir_ / "avg");
  EXPECT_EQ(saved_head(dir_ / "avg"), "avg");
  EXPECT_FALSE(load_bert(dir_ / "avg").model.has_pooler());
  EXPECT_TRUE(std::filesystem::exists(dir_ / "avg/1_Pooling/config.json"));
  args_.pooler_type = "avg_first_last";  // sentence-transformers cannot say it: the sidecar does
  train_into(dir_ / "first_last");
  EXPECT_EQ(saved_head(dir_ / "first_last"), "avg_first_last");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "first_last/modules.json"));
}

TEST_F(TrainerTest, RunRecordHashesTheTrainingData) {
  train_into(dir_ / "recorded");
  nlohmann::json record = nlohmann::json::parse(std::ifstream(dir_ / "recorded/run_record.json"));
  EXPECT_EQ(record["data_files"]["train_file"]["sha256"], sha256_of_file(dir_ / "corpus.txt"));
  EXPECT_EQ(record["seed"], 42);
  EXPECT_EQ(record["threads"], 2);
  EXPECT_FALSE(record["git_commit"].get<std::string>().empty());
  EXPECT_NE(record["build"].get<std::string>().find("Eigen"), std::string::npos);
}

TEST_F(TrainerTest, RefusesANonEmptyOutputDirectory) {
  fs::create_directories(dir_ / "taken");
  std::ofstream(dir_ / "taken/keep.txt") << "user data";
  testing::expect_error([&] { train_into(dir_ / "taken"); }, {"taken", "--overwrite_output_dir"});
  EXPECT_TRUE(fs::exists(dir_ / "taken/keep.txt"));
}

TEST_F(TrainerTest, EvaluationSelectsTheBestModel) {
  args_.evaluation_strategy = "steps";
  args_.eval_steps = 2;
  args_.metric_for_best_model = "score";
  args_.load_best_model_at_end = true;
  // A stand-in metric that peaks at the second evaluation (step 4), then falls.
  int calls = 0;
  TrainerHooks hooks;
  hooks.evaluate = [&](const SentenceEncoder& embed) {
    Tensor vectors = embed({"the pupil plays the guitar.", "a man is cleaning the floor."});
    EXPECT_EQ(vectors.dim(0), 2);
    const double scores[] = {0.1, 0.3, 0.8, 0.5, 0.2};
    return Metrics{{"score", scores[std::min(calls++, 4)]}};
  };
  args_.output_dir = dir_ / "selected";
  TrainingSummary summary = train(args_, hooks, {});
  EXPECT_EQ(summary.initial_metrics[0].second, 0.1);  // step 0
  EXPECT_EQ(summary.best_step, 4);
  EXPECT_EQ(summary.final_metrics[0].second, 0.8);
  nlohmann::json sidecar = nlohmann::json::parse(std::ifstream(dir_ / "selected/simcse_config.json"));
  EXPECT_EQ(sidecar["training"]["trained_steps"], 4);  // output_dir holds the step-4 model
}

}  // namespace
}  // namespace simcse
