// test_encoder_model.cc — BertModel beyond parity: the random initialisation transformers uses,
// dropout only in training and reproducible from its RandomStream, gradients reaching every
// parameter, and bad batches reported clearly.
#include <gtest/gtest.h>

#include <cmath>

#include "core/autograd.h"
#include "encoder_parity.h"
#include "file_helpers.h"
#include "ops/ops.h"

namespace simcse {
namespace {

BertConfig tiny_config() {
  BertConfig config;
  config.vocab_size = 54, config.hidden_size = 16, config.num_attention_heads = 2, config.num_hidden_layers = 2;
  config.intermediate_size = 24, config.max_position_embeddings = 24;
  return config;
}

TEST(BertModel, RandomInitialisationFollowsTransformers) {
  const BertConfig config = tiny_config();
  const BertModel model(config, random_bert_parameters(config, 3));
  const std::vector<Scalar> words = model.parameters().get("embeddings.word_embeddings.weight").to_vector();
  double sum = 0, squares = 0;
  for (Scalar v : words) sum += v, squares += v * v;
  const double mean = sum / words.size(), std = std::sqrt(squares / words.size() - mean * mean);
  EXPECT_NEAR(mean, 0, 0.003);
  EXPECT_NEAR(std, config.initializer_range, 0.002);
  for (int64_t h = 0; h < config.hidden_size; ++h) EXPECT_EQ(words[config.pad_token_id * config.hidden_size + h], 0);
  for (Scalar v : model.parameters().get("encoder.layer.1.output.LayerNorm.weight").to_vector()) EXPECT_EQ(v, 1);
  for (Scalar v : model.parameters().get("encoder.layer.0.attention.self.key.bias").to_vector()) EXPECT_EQ(v, 0);
  // The same seed gives the same model; parameters are registered in transformers' state_dict order.
  const BertModel again(config, random_bert_parameters(config, 3));
  EXPECT_EQ(again.parameters().get("pooler.dense.weight").to_vector(),
            model.parameters().get("pooler.dense.weight").to_vector());
  EXPECT_EQ(model.parameters().all().front().first, "embeddings.word_embeddings.weight");
  EXPECT_EQ(model.parameters().all()[5].first, "encoder.layer.0.attention.self.query.weight");
  EXPECT_EQ(model.parameters().all().back().first, "pooler.dense.bias");
}

TEST(BertModel, DropoutOnlyInTrainingAndReproducibleFromTheStream) {
  const LoadedBert loaded = load_bert(testing::fixture_dir("pairs_gelu_new"));
  const BertInput input = testing::fixture_input("pairs_gelu_new");
  NoGradGuard no_grad;
  const std::vector<Scalar> eval = loaded.model.forward(input).last_hidden_state.to_vector();
  RandomStream stream{42, 0};
  const std::vector<Scalar> first = loaded.model.forward(input, {true, &stream}).last_hidden_state.to_vector();
  const std::vector<Scalar> second = loaded.model.forward(input, {true, &stream}).last_hidden_state.to_vector();
  RandomStream replay{42, 0};
  const std::vector<Scalar> replayed = loaded.model.forward(input, {true, &replay}).last_hidden_state.to_vector();
  EXPECT_NE(first, eval);
  EXPECT_NE(first, second);  // SimCSE's positive pair: the same sentence under two dropout masks
  EXPECT_EQ(first, replayed);
  EXPECT_EQ(loaded.model.forward(input).last_hidden_state.to_vector(), eval);
}

TEST(BertModel, GradientsReachEveryParameter) {
  const BertConfig config = tiny_config();
  const BertModel model(config, random_bert_parameters(config, 5));
  const BertInput input = testing::fixture_input("pairs_gelu_new");
  RandomStream stream{1, 0};
  const BertOutput output = model.forward(input, {true, &stream}, /*output_hidden_states=*/true);
  Tensor loss = add(sum(pool(Pooler::avg_first_last, output)), sum(pool(Pooler::cls, output)));
  loss.backward();
  for (const auto& [name, parameter] : model.parameters().all()) {
    ASSERT_TRUE(parameter.has_grad()) << name;
    double largest = 0;
    for (Scalar g : parameter.grad().to_vector()) largest = std::max(largest, std::abs(static_cast<double>(g)));
    EXPECT_GT(largest, 0) << name;
  }
}

TEST(BertModel, BadBatchesAreErrors) {
  const BertConfig config = tiny_config();
  const BertModel model(config, random_bert_parameters(config, 5));
  BertInput input{1, 3, {2, 7, 3}, {}, {1, 1, 1}};
  NoGradGuard no_grad;
  EXPECT_EQ(model.forward(input).last_hidden_state.shape(), Shape({1, 3, 16}));
  using testing::expect_error;
  BertInput too_long{1, 30, std::vector<int32_t>(30, 5), {}, {}};
  expect_error([&] { model.forward(too_long); }, {"30 tokens", "max_position_embeddings = 24"});
  BertInput short_ids{2, 3, {2, 7, 3}, {}, {}};
  expect_error([&] { model.forward(short_ids); }, {"3 input_ids", "[2, 3]"});
  BertInput bad_mask{1, 3, {2, 7, 3}, {}, {1, 2, 1}};
  expect_error([&] { model.forward(bad_mask); }, {"attention_mask", "0 or 1"});
  BertInput bad_id{1, 3, {2, 700, 3}, {}, {}};
  expect_error([&] { model.forward(bad_id); }, {"embedding", "700"});
  BertInput bad_type{1, 3, {2, 7, 3}, {0, 2, 0}, {}};
  expect_error([&] { model.forward(bad_type); }, {"embedding", "2"});
  expect_error([&] { pool(Pooler::avg_top2, model.forward(input)); }, {"avg_top2", "output_hidden_states"});
  expect_error([&] { pooler_from_name("maximum"); }, {"unknown pooler 'maximum'", "avg_first_last", "last_token"});
}

}  // namespace
}  // namespace simcse
