// test_st_objectives.cc — the sentence-transformers objectives on the shared trainer:
// MultipleNegativesRankingLoss with scale 20 over (s, s) pairs and dropout is unsupervised SimCSE at
// tau = 0.05, and over triplets supervised SimCSE with hard-negative weight 0 — the same losses and
// the same saved weights, bit for bit; a Dense layer trains, saves as 2_Dense/ and reads back as
// the head that was trained; a resumed run continues the loss sequence; bad input names the flag or
// the file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "eval/embedding_model.h"
#include "file_helpers.h"
#include "nn/sentence_transformers_files.h"
#include "simcse/trainer.h"
#include "simcse/training_arguments.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/wordpiece_json.h"
#include "support/test_support.h"
#include "tiny_training.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;
using testing::logged_losses;

class StObjectivesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    args_ = testing::tiny_training_arguments(dir_.path(), 40);
    args_.per_device_train_batch_size = 8;
    args_.max_steps = 6;
    args_.learning_rate = 1e-3;
    args_.logging_steps = 1;
    args_.save_steps = 0;
    args_.threads = 2;
  }

  void train_into(const std::string& output_dir) {
    args_.output_dir = output_dir;
    check_training_arguments(args_);
    train(args_, {}, {"simcse", "train", "(test)"});
  }

  // A CSV of tiny_data sentences: `columns` per row (the third is `third(i)` when given).
  std::string write_csv(const std::string& name, const std::string& header, int rows,
                        const std::function<std::string(int)>& third) {
    std::vector<std::string> lines;
    std::ifstream corpus(dir_ / "corpus.txt");
    for (std::string line; std::getline(corpus, line);) lines.push_back(line);
    std::ofstream csv(dir_ / name);
    csv << header << "\n";
    for (int i = 0; i < rows; ++i) {
      csv << '"' << lines[i % lines.size()] << "\",\"" << lines[(i + 7) % lines.size()] << '"';
      if (third) csv << "," << third(i);
      csv << "\n";
    }
    return dir_ / name;
  }

  testing::TempDir dir_;
  TrainingArguments args_;
};

TEST_F(StObjectivesTest, MnrlOverSelfPairsIsUnsupervisedSimcseBitForBit) {
  args_.pooler_type = "avg";  // SimCSE with mean pooling, temperature 0.05 (its default)
  train_into(dir_ / "simcse");
  args_.loss = "mnrl";
  args_.scale = 20;
  args_.pooling_mode = "mean";
  train_into(dir_ / "mnrl");
  const auto simcse = logged_losses(dir_ / "simcse");
  ASSERT_EQ(simcse.size(), 6u);
  EXPECT_EQ(logged_losses(dir_ / "mnrl"), simcse);
  EXPECT_TRUE(testing::read_bytes(dir_ / "mnrl/model.safetensors") ==
              testing::read_bytes(dir_ / "simcse/model.safetensors"));
  args_.symmetric = true;  // the symmetric loss is another objective
  train_into(dir_ / "symmetric");
  EXPECT_NE(logged_losses(dir_ / "symmetric"), simcse);
}

TEST_F(StObjectivesTest, MnrlOverTripletsIsSupervisedSimcseWithoutHardNegativeWeight) {
  args_.train_file = write_csv("triplets.csv", "sent0,sent1,hard_neg", 24, [](int i) {
    return std::string("\"a sentence that is no paraphrase number ") + std::to_string(i) + "\"";
  });
  args_.pooler_type = "avg";
  train_into(dir_ / "simcse");
  args_.loss = "mnrl";
  args_.pooling_mode = "mean";
  train_into(dir_ / "mnrl");
  ASSERT_EQ(logged_losses(dir_ / "simcse").size(), 6u);
  EXPECT_EQ(logged_losses(dir_ / "mnrl"), logged_losses(dir_ / "simcse"));
  EXPECT_TRUE(testing::read_bytes(dir_ / "mnrl/model.safetensors") ==
              testing::read_bytes(dir_ / "simcse/model.safetensors"));
}

TEST_F(StObjectivesTest, ADenseLayerTrainsSavesAndReadsBackAsTheTrainedHead) {
  args_.train_file = write_csv("scored.csv", "sentence1,sentence2,score", 24,
                               [](int i) { return std::to_string((i * 7) % 6); });  // 0-5, as STS-B
  args_.loss = "cosine_mse";
  args_.max_score = 5;
  args_.dense_out_features = 4;
  args_.dense_activation = "tanh";
  args_.save_steps = 3;
  train_into(dir_ / "whole");
  const auto layout = read_sentence_transformers_layout(dir_ / "whole");
  ASSERT_TRUE(layout.has_value());
  EXPECT_EQ(layout->pooling, std::vector<Pooler>{Pooler::avg});
  ASSERT_EQ(layout->layers.size(), 1u);
  EXPECT_EQ(fs::path(layout->layers[0].folder).filename(), "2_Dense");
  const EmbeddingModel model(dir_ / "whole", {});
  EXPECT_EQ(model.head().describe(), "avg -> dense 16->4 tanh");
  // The head was trained: its weights moved away from the checkpoint's after 3 of 6 steps.
  EXPECT_FALSE(testing::read_bytes(dir_ / "whole/2_Dense/model.safetensors") ==
               testing::read_bytes(dir_ / "whole/checkpoint-3/2_Dense/model.safetensors"));
  // Resuming reads the checkpoint's head (no second Dense layer from the repeated flag) and
  // continues the same losses.
  args_.resume_from_checkpoint = dir_ / "whole/checkpoint-3";
  train_into(dir_ / "resumed");
  const auto whole = logged_losses(dir_ / "whole"), resumed = logged_losses(dir_ / "resumed");
  ASSERT_EQ(whole.size(), 6u);
  ASSERT_EQ(resumed.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(resumed[i], whole[3 + i]) << "step " << resumed[i].first;
  EXPECT_TRUE(testing::read_bytes(dir_ / "resumed/2_Dense/model.safetensors") ==
              testing::read_bytes(dir_ / "whole/2_Dense/model.safetensors"));
}

// transformers 5 and sentence-transformers save tokenizer.json and no vocab.txt: training starts from
// such a directory, keeps its head (mean, Normalize), and writes a vocab.txt of the same tokens.
TEST_F(StObjectivesTest, TrainsFromADirectoryWithOnlyTokenizerJson) {
  const std::string start = testing::repo_root() + "/tests/fixtures/sentence_transformers/mean_normalize";
  ASSERT_FALSE(fs::exists(start + "/vocab.txt"));
  args_.config_name.clear();
  args_.tokenizer_name.clear();
  args_.model_name_or_path = start;
  args_.loss = "mnrl";
  args_.max_steps = 2;
  args_.max_seq_length = 16;  // the fixture numbers 24 positions
  train_into(dir_ / "adapted");
  const EmbeddingModel model(dir_ / "adapted", {});
  EXPECT_EQ(model.head().describe(), "avg -> normalize");
  const BertTokenizer original = read_wordpiece_tokenizer_json(start + "/tokenizer.json");
  const BertTokenizer written = BertTokenizer::from_vocab_file(dir_ / "adapted/vocab.txt", original.lowercase());
  ASSERT_EQ(written.vocab().size(), original.vocab().size());
  for (int32_t id = 0; id < original.vocab().size(); ++id) ASSERT_EQ(written.vocab().token(id), original.vocab().token(id));
  EXPECT_EQ(written.encode_ids("A man is playing a guitar."), original.encode_ids("A man is playing a guitar."));
}

TEST_F(StObjectivesTest, BadScoresAndFlagsAreNamed) {
  args_.loss = "cosine_mse";
  args_.output_dir = dir_ / "out";
  testing::expect_error([&] { train_into(dir_ / "out"); }, {"corpus.txt", "sentence1,sentence2,score", "has 1"});
  args_.train_file = write_csv("words.csv", "s1,s2,score", 4, [](int i) { return i == 2 ? "high" : "0.5"; });
  testing::expect_error([&] { train_into(dir_ / "out"); }, {"words.csv:4", "'high'", "not a number"});
  args_.train_file = write_csv("range.csv", "s1,s2,score", 4, [](int i) { return i == 1 ? "4.5" : "0.5"; });
  testing::expect_error([&] { train_into(dir_ / "out"); }, {"range.csv:3", "4.5", "[0, 1]", "--max_score"});
  args_.max_score = 5;  // the same file on STS-B's 0-5 scale is fine: that is the flag's purpose
  train_into(dir_ / "fine");

  args_ = testing::tiny_training_arguments(dir_.path(), 40);
  args_.output_dir = dir_ / "out";
  args_.loss = "triplet";
  testing::expect_error([&] { check_training_arguments(args_); }, {"--loss", "triplet"});
  args_.loss = "simcse";
  args_.pooling_mode = "mean";
  testing::expect_error([&] { check_training_arguments(args_); }, {"--pooling_mode", "--pooler_type"});
  args_.loss = "mnrl";
  args_.scale = 0;
  testing::expect_error([&] { check_training_arguments(args_); }, {"--scale"});
  args_.scale = 20;
  args_.pooling_mode = "average";
  testing::expect_error([&] { train_into(dir_ / "out"); }, {"pooling mode 'average'", "mean"});
  args_.pooling_mode = "mean";
  args_.dense_out_features = 4;
  args_.dense_activation = "sigmoid";
  testing::expect_error([&] { train_into(dir_ / "out"); }, {"Dense activation 'sigmoid'", "tanh"});
}

}  // namespace
}  // namespace simcse
