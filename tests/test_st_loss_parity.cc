// test_st_loss_parity.cc — the sentence-transformers objectives against sentence-transformers' own
// loss classes (tools/make_st_loss_fixtures.py): MultipleNegativesRankingLoss on pairs and on
// triplets, its symmetric form, and CosineSimilarityLoss through a Dense layer; the loss and the
// gradient of every parameter, normalised error <= 1e-5 in float32 (gradient_parity.h), on the
// training-parity model (dropout 0). Each column is tokenised with the others here and on its own
// there: padding differs, the masked result does not.
#include <gtest/gtest.h>

#include <cmath>

#include "gradient_parity.h"
#include "nn/bert_checkpoint.h"
#include "simcse/sentence_transformer_objective.h"
#include "tokenizer/bert_tokenizer.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;
const std::string kFixtures = "tests/fixtures/st_losses/";

struct Setting {
  const char* name;
  SentenceTransformerSettings::Loss loss;
  bool symmetric;
};

class StLossParity : public ::testing::TestWithParam<Setting> {};

TEST_P(StLossParity, LossAndEveryGradientMatchSentenceTransformers) {
  const Setting setting = GetParam();
  const std::string root = testing::repo_root() + "/";
  const json fixture = testing::load_json(kFixtures + setting.name + ".json");
  const std::string model_dir = root + "tests/fixtures/training/model";
  const BertModel loaded = load_bert(model_dir).model;
  BertModel encoder = loaded.without_pooler();

  SentenceTransformerSettings settings;
  settings.loss = setting.loss;
  settings.symmetric = setting.symmetric;
  SentenceHead head = SentenceHead::of_pooler(Pooler::avg);
  const bool scored = setting.loss == SentenceTransformerSettings::Loss::cosine_mse;
  if (scored) {  // Dense(32 -> 8, tanh) with the reference's starting weights
    std::map<std::string, Tensor> dense = testing::read_all_tensors(root + kFixtures + "dense.safetensors");
    HeadLayer layer;
    layer.kind = HeadLayer::Kind::dense;
    layer.weight = dense.at("head.0.linear.weight");
    layer.bias = dense.at("head.0.linear.bias");
    layer.activation = Activation::tanh;
    head.layers.push_back(layer);
  }
  SentenceTransformerObjective objective(std::move(encoder), head, settings);

  std::vector<TrainingExample> examples;
  for (size_t i = 0; i < fixture["examples"].size(); ++i) {
    const json& columns = fixture["examples"][i];
    TrainingExample example{columns[0], columns[1], "", static_cast<int64_t>(i + 1)};
    if (columns.size() == 3) example.hard_negative = columns[2];
    if (scored) example.hard_negative = fixture["scores"][i].dump();
    examples.push_back(example);
  }
  std::vector<const TrainingExample*> batch;
  for (const TrainingExample& example : examples) batch.push_back(&example);
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file(model_dir + "/vocab.txt", /*lowercase=*/true);
  RandomStream stream{1};  // dropout 0: no mask is drawn
  TrainingStep step{batch, scored ? 3 : static_cast<int>(fixture["examples"][0].size()), &tokenizer, 32, 0, 0, &stream};

  Tensor loss = objective.loss(step);
  const double expected_loss = fixture["loss"];
  EXPECT_LE(std::abs(loss.item() - expected_loss) / std::abs(expected_loss), 1e-5)
      << "loss " << loss.item() << " vs " << expected_loss;
  loss.backward();
  const double worst = testing::expect_gradients_match(
      objective.named_parameters(), testing::read_all_tensors(root + kFixtures + setting.name + "_grads.safetensors"),
      1e-5);
  std::printf("  %-14s loss %.6f (sentence-transformers %.6f), worst normalised gradient error %.2e\n", setting.name,
              loss.item(), expected_loss, worst);
}

INSTANTIATE_TEST_SUITE_P(
    Losses, StLossParity,
    ::testing::Values(Setting{"mnrl_pairs", SentenceTransformerSettings::Loss::mnrl, false},
                      Setting{"mnrl_triplets", SentenceTransformerSettings::Loss::mnrl, false},
                      Setting{"mnrl_symmetric", SentenceTransformerSettings::Loss::mnrl, true},
                      Setting{"cosine_mse", SentenceTransformerSettings::Loss::cosine_mse, false}),
    [](const ::testing::TestParamInfo<Setting>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace simcse
