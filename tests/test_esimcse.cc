// test_esimcse.cc — ESimCSE: word repetition keeps [CLS]/[SEP], doubles tokens in place and draws
// dup_len uniformly below min(10, floor(dup_rate * L)); the queued loss equals the public code's
// (tools/make_esimcse_fixtures.py, PyTorch) in value and gradient; the momentum encoder and its queue
// hold what they should; through the trainer, ESimCSE without repetition or queue is SimCSE bit for
// bit, and a run with both resumes from a checkpoint bit for bit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "gradient_parity.h"
#include "ops/ops.h"
#include "simcse/contrastive_loss.h"
#include "simcse/esimcse_objective.h"
#include "simcse/trainer.h"
#include "simcse/training_batch.h"
#include "simcse/word_repetition.h"
#include "support/test_support.h"
#include "file_helpers.h"
#include "tiny_training.h"
#include "tokenizer/bert_tokenizer.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;

constexpr int32_t kCls = 101, kSep = 102;

// [CLS] t_1 .. t_{L-2} [SEP] with distinct ordinary ids, so a repeated token is always visible.
std::vector<int32_t> sentence_of_length(int64_t length) {
  std::vector<int32_t> ids{kCls};
  for (int64_t i = 1; i + 1 < length; ++i) ids.push_back(static_cast<int32_t>(1000 + i));
  ids.push_back(kSep);
  return ids;
}

// How many tokens of `original` appear twice in `repeated`, checking that repeated is original with
// some ordinary tokens doubled in place (and nothing else changed).
int64_t doubled_tokens(const std::vector<int32_t>& original, const std::vector<int32_t>& repeated) {
  size_t j = 0;
  int64_t doubled = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    EXPECT_LT(j, repeated.size());
    EXPECT_EQ(repeated[j], original[i]);
    ++j;
    if (j < repeated.size() && repeated[j] == original[i]) {
      EXPECT_NE(i, 0u) << "[CLS] repeated";
      EXPECT_NE(i, original.size() - 1) << "[SEP] repeated";
      ++doubled, ++j;
    }
  }
  EXPECT_EQ(j, repeated.size());
  return doubled;
}

TEST(WordRepetition, DoublesOrdinaryTokensInPlaceAndKeepsClsAndSep) {
  for (int64_t length = 2; length <= 40; ++length) {
    const std::vector<int32_t> ids = sentence_of_length(length);
    const int64_t choices = std::min<int64_t>(10, static_cast<int64_t>(0.32 * static_cast<double>(length)));
    for (uint64_t draw = 0; draw < 50; ++draw) {
      const std::vector<int32_t> repeated = repeat_words(ids, 0.32, 42, 7, draw * 16);
      const int64_t doubled = doubled_tokens(ids, repeated);
      EXPECT_EQ(static_cast<int64_t>(repeated.size()), length + doubled);
      EXPECT_LT(doubled, std::max<int64_t>(choices, 1)) << "length " << length;
    }
  }
}

// dup_len ~ uniform{0..9} for a 32-token sentence at dup_rate 0.32 (n = min(10, 10)): each value
// should take 500 of 5,000 draws; 395..605 is five standard deviations either side.
TEST(WordRepetition, DupLenIsUniformBelowItsBound) {
  const std::vector<int32_t> ids = sentence_of_length(32);
  std::map<int64_t, int> counts;
  for (uint64_t draw = 0; draw < 5000; ++draw) ++counts[doubled_tokens(ids, repeat_words(ids, 0.32, 3, 11, draw * 16))];
  ASSERT_EQ(counts.size(), 10u);
  for (const auto& [dup_len, count] : counts) {
    EXPECT_GE(dup_len, 0);
    EXPECT_LE(dup_len, 9);
    EXPECT_GE(count, 395) << "dup_len " << dup_len;
    EXPECT_LE(count, 605) << "dup_len " << dup_len;
  }
}

TEST(WordRepetition, TheSameDrawsGiveTheSameSentenceAndAnotherStepAnother) {
  const std::vector<int32_t> ids = sentence_of_length(30);
  EXPECT_EQ(repeat_words(ids, 0.32, 42, 5, 32), repeat_words(ids, 0.32, 42, 5, 32));
  int differ = 0;
  for (uint64_t step = 0; step < 20; ++step)
    differ += repeat_words(ids, 0.32, 42, step, 32) != repeat_words(ids, 0.32, 42, step + 100, 32);
  EXPECT_GE(differ, 15);
  EXPECT_EQ(repeat_words(ids, 0.0, 42, 5, 32), ids);  // dup_rate 0: n = 0, nothing repeated
}

TEST(WordRepetition, OnlyThePositivesOfABatchRepeatAndTheBatchIsRepadded) {
  const BertTokenizer tokenizer =
      BertTokenizer::from_vocab_file(testing::repo_root() + "/tiny_data/vocab.txt", /*lowercase=*/true);
  std::vector<TrainingExample> examples{{"the cat sat on the mat today", "the cat sat on the mat today", "", 1},
                                        {"a dog ran in the park after lunch", "a dog ran in the park after lunch", "", 2}};
  const std::vector<const TrainingExample*> step{&examples[0], &examples[1]};
  const TrainingBatch plain = make_training_batch(tokenizer, step, 1, 32);
  TrainingBatch repeated = make_training_batch(tokenizer, step, 1, 32);
  repeat_words_in_positives(repeated, 0.9, 42, 3, tokenizer.vocab().pad_id());
  auto row = [](const TrainingBatch& batch, int64_t r) {
    std::vector<int32_t> ids;
    for (int64_t t = 0; t < batch.input.seq_len; ++t)
      if (batch.input.attention_mask[r * batch.input.seq_len + t]) ids.push_back(batch.input.input_ids[r * batch.input.seq_len + t]);
    return ids;
  };
  int64_t longest = 0, doubled = 0;
  for (int64_t r = 0; r < 4; ++r) {
    if (r % 2 == 0) EXPECT_EQ(row(repeated, r), row(plain, r)) << "an anchor changed";
    else doubled += doubled_tokens(row(plain, r), row(repeated, r));
    longest = std::max<int64_t>(longest, static_cast<int64_t>(row(repeated, r).size()));
  }
  EXPECT_GT(doubled, 0);
  EXPECT_EQ(repeated.input.seq_len, longest);
}

TEST(EsimcseLoss, QueuedNegativesMatchTheReferenceCode) {
  std::map<std::string, Tensor> fixture =
      testing::read_all_tensors(testing::repo_root() + "/tests/fixtures/esimcse/queued_loss.safetensors");
  Tensor z1 = fixture.at("z1"), z2 = fixture.at("z2");
  z1.set_requires_grad(true), z2.set_requires_grad(true);
  Tensor loss = contrastive_loss(z1, z2, Tensor(), 0.05, 0, 0, fixture.at("queue"));
  const double expected = fixture.at("loss").item();
  EXPECT_LE(std::abs(loss.item() - expected) / std::abs(expected), 1e-5) << loss.item() << " vs " << expected;
  loss.backward();
  const double worst = testing::expect_gradients_match(
      {{"z1", z1}, {"z2", z2}}, {{"z1", fixture.at("grad_z1")}, {"z2", fixture.at("grad_z2")}}, 1e-5);
  std::printf("  queued InfoNCE: loss %.6f (reference %.6f), worst normalised gradient error %.2e\n", loss.item(),
              expected, worst);
}

// With momentum 0 the momentum encoder is the encoder itself (theta_m <- theta), so after a step the
// queue holds exactly the vectors SimCSE's evaluation gives the batch's sentences (pooler cls with
// its MLP, no dropout); a second step appends, and the queue keeps only the newest queue_size.
TEST(EsimcseObjective, TheQueueHoldsTheMomentumEncodersVectorsNewestLast) {
  testing::TempDir dir;
  const TrainingArguments args = testing::tiny_training_arguments(dir.path(), 0);
  const BertConfig config = BertConfig::from_file(args.config_name);
  SimcseSettings simcse;
  simcse.pooler_type = Pooler::cls;
  EsimcseSettings settings;
  settings.momentum = 0;
  settings.queue_size = 5;
  EsimcseObjective objective(BertModel(config, random_bert_parameters(config, 1), false), simcse, settings,
                             random_bert_parameters(config, 2), /*resuming=*/false);
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file(args.tokenizer_name, /*lowercase=*/true);
  std::vector<TrainingExample> examples;
  for (const char* text : {"the cat sat", "a dog ran in the park", "birds sing", "it rained all day",
                           "we went home", "the end"})
    examples.push_back({text, text, "", 0});
  auto run_step = [&](std::vector<const TrainingExample*> batch, uint64_t index) {
    RandomStream stream{9};
    TrainingStep step{batch, 1, &tokenizer, 32, 42, index, &stream};
    objective.loss(step);
  };
  auto evaluated = [&](const std::vector<std::string>& sentences) {
    EncodedBatch encoded = tokenizer.encode_batch(sentences, 32);
    return objective.sentemb_forward({encoded.batch, encoded.seq_len, encoded.input_ids, encoded.token_type_ids,
                                      encoded.attention_mask}).to_vector();
  };
  run_step({&examples[0], &examples[1], &examples[2]}, 0);
  ASSERT_TRUE(objective.queue().defined());
  EXPECT_EQ(objective.queue().shape(), Shape({3, config.hidden_size}));
  EXPECT_EQ(objective.queue().to_vector(), evaluated({"the cat sat", "a dog ran in the park", "birds sing"}));
  run_step({&examples[3], &examples[4], &examples[5]}, 1);
  EXPECT_EQ(objective.queue().shape(), Shape({5, config.hidden_size}));
  EXPECT_EQ(objective.queue().to_vector(), evaluated({"a dog ran in the park", "birds sing", "it rained all day",
                                                     "we went home", "the end"}));
}

class EsimcseTrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    args_ = testing::tiny_training_arguments(dir_.path(), 40);
    args_.per_device_train_batch_size = 8;
    args_.max_steps = 8;
    args_.learning_rate = 1e-3;
    args_.pooler_type = "cls";
    args_.mlp_only_train = true;
    args_.logging_steps = 1;
    args_.save_steps = 0;
    args_.threads = 2;
  }
  std::vector<std::pair<int64_t, double>> train_into(const std::string& name) {
    args_.output_dir = dir_ / name;
    train(args_, {}, {"simcse", "train", "(test)"});
    return testing::logged_losses(args_.output_dir);
  }
  testing::TempDir dir_;
  TrainingArguments args_;
};

// ESimCSE's objective with nothing of ESimCSE switched on (no repeated word: dup_rate 0; no queue)
// is SimCSE's: the same losses bit for bit. Repetition alone, and the queue, each change them.
TEST_F(EsimcseTrainerTest, WithoutRepetitionOrQueueItIsSimcseBitForBit) {
  const auto simcse = train_into("simcse");
  args_.positive = "word_repetition";
  args_.dup_rate = 0;
  EXPECT_EQ(train_into("no_repetition"), simcse);
  args_.dup_rate = 0.32;
  const auto repeated = train_into("repetition");
  EXPECT_NE(repeated, simcse);
  args_.queue_size = 16;
  args_.momentum = 0.9;
  EXPECT_NE(train_into("queue"), repeated);
}

// The momentum encoder and the queue are in the checkpoint: a resumed run continues the same losses.
TEST_F(EsimcseTrainerTest, ResumedRunWithQueueContinuesBitForBit) {
  args_.positive = "word_repetition";
  args_.queue_size = 12;
  args_.momentum = 0.9;
  args_.max_steps = 9;  // more than one epoch (5 steps)
  args_.save_steps = 6;
  const auto whole = train_into("whole");
  ASSERT_EQ(whole.size(), 9u);
  args_.resume_from_checkpoint = dir_ / "whole/checkpoint-6";
  const auto resumed = train_into("resumed");
  ASSERT_EQ(resumed.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(resumed[i], whole[6 + i]) << "step " << resumed[i].first;
}

TEST_F(EsimcseTrainerTest, TheQueueRefusesTripletsAndMlm) {
  args_.queue_size = 8;
  args_.do_mlm = true;
  args_.output_dir = dir_ / "mlm";
  try {
    train(args_, {}, {});
    FAIL() << "--queue_size with --do_mlm trained";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("--do_mlm"), std::string::npos) << error.what();
  }
  args_.do_mlm = false;
  std::ofstream(dir_ / "triplets.csv") << "sent0,sent1,hard_neg\na b,c d,e f\n";
  args_.train_file = dir_ / "triplets.csv";
  args_.output_dir = dir_ / "triplets";
  try {
    train(args_, {}, {});
    FAIL() << "--queue_size with triplets trained";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("hard negatives"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace simcse
