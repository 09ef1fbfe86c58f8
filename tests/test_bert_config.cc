// test_bert_config.cc — config.json as transformers writes it is read field by field; whatever this
// encoder cannot honour is an error naming the file and the field; to_json() reads back unchanged.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "file_helpers.h"
#include "nn/bert_config.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;
using testing::expect_error;

TEST(BertConfig, ReadsTheConfigTransformersWrote) {
  const BertConfig config =
      BertConfig::from_file(testing::repo_root() + "/tests/fixtures/encoder/odd_heads_gelu/config.json");
  EXPECT_EQ(config.hidden_size, 18);
  EXPECT_EQ(config.num_attention_heads, 3);
  EXPECT_EQ(config.head_dim(), 6);
  EXPECT_EQ(config.intermediate_size, 100);
  EXPECT_EQ(config.num_hidden_layers, 2);
  EXPECT_EQ(config.hidden_act, "gelu");
  EXPECT_EQ(config.max_position_embeddings, 24);
  EXPECT_EQ(config.vocab_size, 54);
  EXPECT_DOUBLE_EQ(config.layer_norm_eps, 1e-12);
}

TEST(BertConfig, AbsentFieldsTakeTransformersDefaults) {
  const BertConfig config = BertConfig::from_json(json::object(), "test");
  EXPECT_EQ(config.hidden_size, 768);
  EXPECT_EQ(config.num_hidden_layers, 12);
  EXPECT_EQ(config.intermediate_size, 3072);
  EXPECT_EQ(config.vocab_size, 30522);
  EXPECT_DOUBLE_EQ(config.hidden_dropout_prob, 0.1);
}

TEST(BertConfig, RoundTripsThroughJson) {
  BertConfig config;
  config.hidden_size = 36, config.num_attention_heads = 3, config.hidden_act = "gelu_new";
  config.layer_norm_eps = 1e-7, config.pad_token_id = 5, config.hidden_dropout_prob = 0.25;
  const json written = config.to_json();
  EXPECT_EQ(written["model_type"], "bert");
  EXPECT_EQ(written["architectures"], json({"BertModel"}));
  const BertConfig read = BertConfig::from_json(written, "written");
  EXPECT_EQ(read.to_json(), written);
}

TEST(BertConfig, UnsupportedSettingsAreErrorsNamingTheField) {
  auto expect_config_error = [](json config, std::initializer_list<std::string> fragments) {
    expect_error([&] { BertConfig::from_json(config, "dir/config.json"); }, fragments);
  };
  expect_config_error({{"model_type", "roberta"}}, {"dir/config.json", "model_type", "roberta"});
  expect_config_error({{"position_embedding_type", "relative_key"}},
                      {"dir/config.json", "position_embedding_type", "relative_key"});
  expect_config_error({{"hidden_size", 30}, {"num_attention_heads", 4}},
                      {"dir/config.json", "hidden_size 30", "num_attention_heads 4"});
  expect_config_error({{"hidden_act", "swish"}}, {"hidden_act", "swish"});
  expect_config_error({{"hidden_size", "768"}}, {"\"hidden_size\" must be an integer"});
  expect_config_error({{"hidden_size", 768.5}}, {"\"hidden_size\" must be an integer"});
  expect_config_error({{"num_hidden_layers", 0}}, {"num_hidden_layers", "positive"});
  expect_config_error({{"is_decoder", true}}, {"is_decoder"});
  expect_config_error({{"hidden_dropout_prob", 1.5}}, {"dropout"});
  expect_config_error({{"pad_token_id", 40000}}, {"pad_token_id"});
  expect_config_error(json::array(), {"JSON object"});
}

TEST(BertConfig, UnreadableFilesAreErrors) {
  testing::TempDir dir;
  expect_error([&] { BertConfig::from_file(dir / "absent.json"); }, {"absent.json", "cannot open"});
  testing::write_bytes(dir / "config.json", "{\"hidden_size\": ");
  expect_error([&] { BertConfig::from_file(dir / "config.json"); }, {"config.json", "not valid JSON"});
}

}  // namespace
}  // namespace simcse
