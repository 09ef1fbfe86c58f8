// test_tsdae.cc — TSDAE against sentence-transformers' DenoisingAutoEncoderLoss
// (tools/make_tsdae_fixtures.py): the reconstruction loss and the gradient of every parameter — the
// encoder's (summed over its use as encoder and as the tied decoder), the cross-attention layers',
// the LM head's — normalised error <= 1e-5 in float32 (gradient_parity.h). Then the noise: word
// deletion keeps about 1 - ratio of the words, always one, the same words for the same seed, step
// and place; and training: a run trains, resumes bit for bit, and saves the encoder alone.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "file_helpers.h"
#include "gradient_parity.h"
#include "nn/bert_checkpoint.h"
#include "nn/sentence_transformers_files.h"
#include "simcse/trainer.h"
#include "simcse/tsdae_objective.h"
#include "simcse/word_deletion.h"
#include "support/test_support.h"
#include "tiny_training.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

BertInput input_of(const json& batch) {
  return {batch["rows"], batch["seq_len"], batch["input_ids"], batch["token_type_ids"], batch["attention_mask"]};
}

TEST(Tsdae, LossAndEveryGradientMatchSentenceTransformers) {
  const std::string root = testing::repo_root() + "/";
  const json fixture = testing::load_json("tests/fixtures/tsdae/batch.json");
  const BertModel loaded = load_bert(root + "tests/fixtures/training/model").model;
  BertModel encoder = loaded.without_pooler();
  const std::map<std::string, Tensor> decoder = testing::read_all_tensors(root + "tests/fixtures/tsdae/decoder.safetensors");
  TsdaeObjective objective(std::move(encoder), SentenceHead::of_pooler(Pooler::cls_before_pooler), 0.6,
                           [&](const std::string& name, const Shape&) { return decoder.at(name); });
  RandomStream stream{1};  // dropout 0: no mask is drawn
  Tensor loss = objective.reconstruction_loss(input_of(fixture["damaged"]), input_of(fixture["original"]), stream);
  const double expected = fixture["loss"];
  EXPECT_LE(std::abs(loss.item() - expected) / expected, 1e-5) << loss.item() << " vs " << expected;
  loss.backward();
  const double worst = testing::expect_gradients_match(
      objective.named_parameters(), testing::read_all_tensors(root + "tests/fixtures/tsdae/grads.safetensors"), 1e-5);
  std::printf("  tsdae loss %.6f (sentence-transformers %.6f), worst normalised gradient error %.2e\n", loss.item(),
              expected, worst);
}

TEST(Tsdae, WordDeletionKeepsAboutOneMinusTheRatioAndIsSeeded) {
  const std::string sentence = "A man , a plan , a canal : Panama ! Two dogs run across the green field today .";
  int64_t kept = 0, total = 0;
  for (uint64_t i = 0; i < 400; ++i) {
    std::istringstream words(delete_words(sentence, 0.6, 42, 7, i << 20));
    int64_t count = 0;
    for (std::string word; words >> word;) ++count;
    ASSERT_GE(count, 1);
    kept += count;
    total += 21;  // the sentence's words, punctuation marks included
  }
  EXPECT_NEAR(static_cast<double>(kept) / total, 0.4, 0.03);
  EXPECT_EQ(delete_words(sentence, 0.6, 42, 7, 3 << 20), delete_words(sentence, 0.6, 42, 7, 3 << 20));
  EXPECT_NE(delete_words(sentence, 0.6, 42, 7, 3 << 20), delete_words(sentence, 0.6, 43, 7, 3 << 20));
  EXPECT_EQ(delete_words(sentence, 0, 42, 7, 0), "A man , a plan , a canal : Panama ! Two dogs run across the green field today .");
  EXPECT_EQ(delete_words("   ", 0.6, 42, 7, 0), "   ");  // no words: unchanged
  const std::string one = delete_words("Panama", 0.999999, 1, 2, 0);  // deleted, then the one word restored
  EXPECT_EQ(one, "Panama");
}

TEST(Tsdae, TrainsResumesBitForBitAndSavesTheEncoderAlone) {
  testing::TempDir dir;
  TrainingArguments args = testing::tiny_training_arguments(dir.path(), 40);
  args.loss = "tsdae";
  args.per_device_train_batch_size = 8;
  args.max_steps = 6;
  args.learning_rate = 1e-3;
  args.logging_steps = 1;
  args.save_steps = 3;
  args.threads = 2;
  args.output_dir = dir / "whole";
  check_training_arguments(args);
  train(args, {}, {"simcse", "train", "(test)"});
  const auto whole = testing::logged_losses(dir / "whole");
  ASSERT_EQ(whole.size(), 6u);
  EXPECT_LT(whole.back().second, whole.front().second);
  // The model is the encoder and its [CLS] head; the decoder lives only in the training checkpoint.
  const auto layout = read_sentence_transformers_layout(dir / "whole");
  ASSERT_TRUE(layout.has_value());
  EXPECT_EQ(layout->pooling, std::vector<Pooler>{Pooler::cls_before_pooler});
  EXPECT_EQ(testing::read_bytes(dir / "whole/model.safetensors").find("crossattention"), std::string::npos);
  EXPECT_NE(testing::read_bytes(dir / "whole/checkpoint-3/training_state.safetensors").find("decoder.cls.predictions"),
            std::string::npos);
  args.resume_from_checkpoint = dir / "whole/checkpoint-3";
  args.output_dir = dir / "resumed";
  train(args, {}, {"simcse", "train", "(test)"});
  const auto resumed = testing::logged_losses(dir / "resumed");
  ASSERT_EQ(resumed.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(resumed[i], whole[3 + i]) << "step " << resumed[i].first;

  args.deletion_ratio = 1;
  testing::expect_error([&] { check_training_arguments(args); }, {"--deletion_ratio", "[0, 1)"});
}

}  // namespace
}  // namespace simcse
