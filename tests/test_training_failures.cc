// test_training_failures.cc — what `simcse train` does with settings and files that cannot give a
// model: an unusable learning rate is refused before anything is written; an update that makes a
// weight NaN/Inf stops training naming the step, and nothing non-finite is saved; a checkpoint with
// a NaN weight is refused on load; a second run on a locked output directory refuses naming the
// holder; a damaged training log or trainer_state.json is named by file, line and field on resume.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "file_helpers.h"
#include "nn/bert_checkpoint.h"
#include "io/directory_lock.h"
#include "io/safetensors.h"
#include "simcse/trainer.h"
#include "tiny_training.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;
using testing::expect_error;

class TrainingFailures : public ::testing::Test {
 protected:
  void SetUp() override {
    args_ = testing::tiny_training_arguments(dir_.path(), 24);
    args_.per_device_train_batch_size = 8;
    args_.max_steps = 3;
    args_.learning_rate = 1e-3;
    args_.logging_steps = 1;
    args_.save_steps = 0;
    args_.threads = 1;
    args_.output_dir = dir_ / "out";
  }
  testing::TempDir dir_;
  TrainingArguments args_;
};

TEST_F(TrainingFailures, UnusableLearningRatesAreRefusedBeforeAnythingIsWritten) {
  for (double rate : {std::nan(""), std::numeric_limits<double>::infinity(), 1e39, 0.0, -1e-3}) {
    args_.learning_rate = rate;
    expect_error([&] { train(args_, {}, {}); }, {"--learning_rate"});
    EXPECT_FALSE(fs::exists(args_.output_dir)) << "learning rate " << rate;
  }
}

TEST_F(TrainingFailures, NegativeCountsAreRefused) {
  args_.save_steps = -1;
  expect_error([&] { train(args_, {}, {}); }, {"--save_steps"});
  args_.save_steps = 0, args_.logging_steps = -2;
  expect_error([&] { train(args_, {}, {}); }, {"--logging_steps"});
  args_.logging_steps = 1, args_.threads = -1;
  expect_error([&] { train(args_, {}, {}); }, {"--threads"});
}

// Weight decay multiplies every weight by (1 - lr * wd) = -1e39 in the first update: the weights
// are finite during the forward and backward, and NaN/Inf only after the update.
TEST_F(TrainingFailures, AnUpdateThatMakesWeightsNonFiniteStopsBeforeSaving) {
  args_.learning_rate = 1e37;
  args_.weight_decay = 100;
  args_.max_steps = 1;
  args_.save_steps = 1;
  expect_error([&] { train(args_, {}, {}); }, {"step 1", "after the update", "NaN/Inf"});
  EXPECT_FALSE(fs::exists(dir_ / "out/model.safetensors"));
  EXPECT_FALSE(fs::exists(dir_ / "out/checkpoint-1"));
}

TEST_F(TrainingFailures, ACheckpointWithANanWeightIsRefused) {
  const BertConfig config = BertConfig::from_file(args_.config_name);
  const BertModel model(config, random_bert_parameters(config, 3), /*with_pooler=*/false);
  save_bert(dir_ / "model", model, args_.tokenizer_name, true);
  // A NaN in a word-embedding row no training sentence uses.
  NamedTensors tensors = model.parameters().all();
  for (auto& [name, tensor] : tensors) {
    if (name != "embeddings.word_embeddings.weight") continue;
    std::vector<Scalar> values = tensor.to_vector();
    values[values.size() - 1] = std::nanf("");
    tensor = Tensor::from_vector(tensor.shape(), values);
  }
  save_safetensors(dir_ / "model/model.safetensors", tensors, {{"format", "pt"}});
  expect_error([&] { load_bert(dir_ / "model"); }, {"model.safetensors", "embeddings.word_embeddings.weight", "NaN"});
  args_.config_name.clear();
  args_.model_name_or_path = dir_ / "model";
  expect_error([&] { train(args_, {}, {}); }, {"embeddings.word_embeddings.weight", "NaN"});
}

TEST_F(TrainingFailures, ASecondRunOnALockedOutputDirectoryRefusesNamingTheHolder) {
  const DirectoryLock holder(args_.output_dir, "the first run");
  expect_error([&] { train(args_, {}, {}); },
               {args_.output_dir, "in use by pid " + std::to_string(::getpid()), "the first run"});
  EXPECT_FALSE(fs::exists(dir_ / "out/training_log.jsonl"));
}

TEST_F(TrainingFailures, TheLockIsReleasedWhenARunEnds) {
  train(args_, {}, {});
  args_.overwrite_output_dir = true;
  EXPECT_NO_THROW(train(args_, {}, {}));
  EXPECT_NO_THROW(DirectoryLock(args_.output_dir, "a later run"));
}

class ResumeFailures : public TrainingFailures {
 protected:
  void SetUp() override {
    TrainingFailures::SetUp();
    args_.save_steps = 2;
    train(args_, {}, {});
    args_.resume_from_checkpoint = dir_ / "out/checkpoint-2";
    log_ = dir_ / "out/training_log.jsonl";
  }
  std::string log_;
};

TEST_F(ResumeFailures, ADamagedLogLineIsNamedByFileAndLine) {
  std::string text = testing::read_bytes(log_);
  text.insert(text.find('\n') + 1, "{\"step\": 2, oops\n");  // line 2
  testing::write_bytes(log_, text);
  expect_error([&] { train(args_, {}, {}); }, {"training_log.jsonl:2"});
}

TEST_F(ResumeFailures, ALastLineCutShortByAKillIsDropped) {
  testing::write_bytes(log_, testing::read_bytes(log_) + "{\"step\": 3, \"lo");
  ASSERT_NO_THROW(train(args_, {}, {}));
  const std::string text = testing::read_bytes(log_);
  EXPECT_EQ(text.find("\"lo\n"), std::string::npos);
  EXPECT_NE(text.find("\"step\":3"), std::string::npos);  // the replayed step 3, logged whole
}

TEST_F(ResumeFailures, OutOfRangeTrainerStateIsNamedByFileAndField) {
  const std::string state_path = dir_ / "out/checkpoint-2/trainer_state.json";
  const nlohmann::json original = nlohmann::json::parse(testing::read_bytes(state_path));
  for (const auto& [field, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"global_step", -5}, {"epoch", "one"}, {"position", 1000}, {"best_step", 7}, {"dropout_offset", -1}}) {
    nlohmann::json state = original;
    state[field] = value;
    testing::write_bytes(state_path, state.dump());
    expect_error([&] { train(args_, {}, {}); }, {"trainer_state.json", field});
  }
}

}  // namespace
}  // namespace simcse
