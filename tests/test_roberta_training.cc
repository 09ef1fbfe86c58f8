// test_roberta_training.cc — SimCSE on a RoBERTa directory with the same flags as on BERT: the
// trainer takes the byte-level BPE tokenizer from the model directory, the MLM corrupts with
// RoBERTa's <mask> and never touches <s> </s> <pad>, the saved directory is a RoBERTa (config.json,
// vocab.json + merges.txt) that the encoder and the evaluation read back, a resumed run continues the
// loss sequence (RobertaLMHead's names in the checkpoint), and a model directory whose tokenizer is
// missing or pads with another id is an error naming it. Loss and gradient parity with PyTorch's
// RobertaForCL is test_training_parity.cc's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eval/embedding_model.h"
#include "file_helpers.h"
#include "nn/bert_checkpoint.h"
#include "simcse/saved_model.h"
#include "simcse/trainer.h"
#include "simcse/training_batch.h"
#include "support/test_support.h"
#include "tokenizer/load_tokenizer.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// tools/make_training_fixtures.py --roberta's RobertaModel (2 layers, 32 wide, pad_token_id 1) with
// its vocab.json + merges.txt.
const std::string kModel = testing::repo_root() + "/tests/fixtures/roberta/training/model";

TEST(RobertaMlm, MasksWithRobertasMaskAndSkipsItsSpecialTokens) {
  const auto tokenizer = load_tokenizer(kModel, /*lowercase=*/true);
  const MlmSettings settings = mlm_settings_for(tokenizer->vocab(), /*probability=*/1.0);  // choose every token
  EXPECT_EQ(settings.mask_id, tokenizer->vocab().id_of("<mask>"));
  EXPECT_EQ(settings.mask_id, 4);
  std::vector<int32_t> specials = settings.special_ids;
  std::sort(specials.begin(), specials.end());
  EXPECT_EQ(specials, (std::vector<int32_t>{0, 1, 2, 3, 4}));  // <s> <pad> </s> <unk> <mask>
  const EncodedBatch batch = tokenizer->encode_batch({"The man is playing a guitar.", "A dog runs."}, 32);
  const MaskedTokens masked = mask_tokens(batch.input_ids, settings, /*seed=*/7, /*step=*/0);
  int replaced_by_mask = 0;
  for (size_t i = 0; i < batch.input_ids.size(); ++i) {
    const int32_t id = batch.input_ids[i];
    const bool special = id == 0 || id == 1 || id == 2;  // <s> <pad> </s>
    EXPECT_EQ(masked.labels[i], special ? -100 : id) << i;
    if (special) {
      EXPECT_EQ(masked.input_ids[i], id) << i;
    }
    replaced_by_mask += masked.input_ids[i] == 4;
  }
  EXPECT_GT(replaced_by_mask, 0);
}

class RobertaTrainer : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream corpus(testing::repo_root() + "/tiny_data/corpus.txt");
    std::ofstream selected(dir_ / "corpus.txt"), triplets(dir_ / "nli.csv");
    triplets << "sent0,sent1,hard_neg\n";
    std::string lines[3];
    for (int i = 0; i < 24 && std::getline(corpus, lines[i % 3]); ++i) {
      selected << lines[i % 3] << "\n";
      if (i % 3 == 2) triplets << "\"" << lines[0] << "\",\"" << lines[1] << "\",\"" << lines[2] << "\"\n";
    }
    args_.model_name_or_path = kModel;
    args_.train_file = dir_ / "corpus.txt";
    args_.per_device_train_batch_size = 4;
    args_.max_steps = 3;
    args_.learning_rate = 1e-3;
    args_.logging_steps = 1;
    args_.save_steps = 0;
    args_.threads = 2;
  }

  std::vector<double> losses(const std::string& output_dir) const {
    std::vector<double> values;
    std::ifstream log(fs::path(output_dir) / "training_log.jsonl");
    for (std::string line; std::getline(log, line);) {
      const json record = json::parse(line);
      if (record.contains("loss")) values.push_back(record["loss"]);
    }
    return values;
  }

  void train_into(const std::string& output_dir) {
    args_.output_dir = output_dir;
    train(args_, {}, {"simcse", "train", "(test)"});
  }

  testing::TempDir dir_;
  TrainingArguments args_;
};

TEST_F(RobertaTrainer, UnsupervisedWithMlmSavesARobertaDirectoryAndResumes) {
  args_.do_mlm = true;
  args_.save_steps = 2;
  train_into(dir_ / "whole");
  const json config = json::parse(testing::read_bytes(dir_ / "whole/config.json"));
  EXPECT_EQ(config["model_type"], "roberta");
  EXPECT_EQ(config["architectures"], json::array({"RobertaModel"}));
  for (const char* name : {"vocab.json", "merges.txt"})
    EXPECT_EQ(testing::read_bytes(dir_ / ("whole/" + std::string(name))), testing::read_bytes(kModel + "/" + name));
  EXPECT_FALSE(fs::exists(dir_ / "whole/vocab.txt"));
  // The MLM head lives in the training checkpoint under RobertaLMHead's names.
  const TrainingCheckpoint checkpoint = read_training_checkpoint(dir_ / "whole/checkpoint-2");
  for (const char* name : {"lm_head.dense.weight", "lm_head.layer_norm.bias", "lm_head.decoder.weight", "lm_head.bias"})
    EXPECT_TRUE(checkpoint.tensors.count(name)) << name;
  // What was saved loads as a RoBERTa and encodes through its own tokenizer.
  EXPECT_EQ(load_bert(dir_ / "whole").model.config().model_type, ModelType::roberta);
  const EmbeddingModel model(dir_ / "whole", {});
  const SentenceVectors vectors =
      model.encode({"A man plays a guitar.", "A dog runs in the park."}, 8, model.default_max_length(), false);
  EXPECT_EQ(vectors.rows, 2);
  EXPECT_EQ(vectors.cols, 32);

  args_.resume_from_checkpoint = dir_ / "whole/checkpoint-2";
  train_into(dir_ / "resumed");
  const std::vector<double> whole = losses(dir_ / "whole"), resumed = losses(dir_ / "resumed");
  ASSERT_EQ(whole.size(), 3u);
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(resumed[0], whole[2]);
}

TEST_F(RobertaTrainer, SupervisedTripletsTrain) {
  args_.train_file = dir_ / "nli.csv";
  args_.hard_negative_weight = 0.5;
  args_.mlp_only_train = false;
  train_into(dir_ / "sup");
  const std::vector<double> values = losses(dir_ / "sup");
  ASSERT_EQ(values.size(), 3u);  // 8 triplets, 4 per step: two steps of the first epoch, one of the second
  for (double loss : values) EXPECT_TRUE(std::isfinite(loss) && loss > 0) << loss;
  EXPECT_EQ(load_bert(dir_ / "sup").model.config().model_type, ModelType::roberta);
}

// --config_name with model_type roberta: a random RoBERTa (padding rows of both embeddings zero, as
// nn.Embedding(padding_idx) makes them), its tokenizer from --tokenizer_name, which must be a directory.
TEST_F(RobertaTrainer, RandomRobertaFromAConfig) {
  args_.model_name_or_path.clear();
  args_.config_name = kModel + "/config.json";
  args_.tokenizer_name = kModel;
  args_.max_steps = 1;
  train_into(dir_ / "random");
  EXPECT_EQ(load_bert(dir_ / "random").model.config().model_type, ModelType::roberta);
  EXPECT_EQ(testing::read_bytes(dir_ / "random/merges.txt"), testing::read_bytes(kModel + "/merges.txt"));
  const BertConfig config = BertConfig::from_file(kModel + "/config.json");
  const BertModel fresh(config, random_bert_parameters(config, 1));
  for (const char* name : {"embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight"}) {
    const std::vector<Scalar> values = fresh.parameters().get(name).to_vector();
    for (int64_t h = 0; h < config.hidden_size; ++h) EXPECT_EQ(values[config.pad_token_id * config.hidden_size + h], 0);
  }
  args_.tokenizer_name = kModel + "/vocab.json";
  testing::expect_error([&] { train_into(dir_ / "file"); }, {"a RoBERTa's tokenizer is a directory", "vocab.json"});
}

// The model directory's tokenizer is the one used; when it is broken or does not fit, the error says so.
TEST_F(RobertaTrainer, AMissingMergesFileOrAnotherPaddingIdIsAnErrorNamingTheDirectory) {
  testing::copy_directory(kModel, dir_ / "no_merges");
  fs::remove(dir_ / "no_merges/merges.txt");
  args_.model_name_or_path = dir_ / "no_merges";
  testing::expect_error([&] { train_into(dir_ / "out1"); }, {dir_ / "no_merges", "merges.txt is missing"});

  testing::copy_directory(kModel, dir_ / "other_pad");
  json vocab = json::parse(testing::read_bytes(kModel + "/vocab.json"));
  std::swap(vocab["<pad>"], vocab["<s>"]);
  testing::write_bytes(dir_ / "other_pad/vocab.json", vocab.dump());
  args_.model_name_or_path = dir_ / "other_pad";
  testing::expect_error([&] { train_into(dir_ / "out2"); },
                        {dir_ / "other_pad", "pads with id 0", "pad_token_id is 1"});
}

}  // namespace
}  // namespace simcse
