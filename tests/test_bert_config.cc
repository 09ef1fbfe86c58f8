// test_bert_config.cc — config.json as transformers writes it is read field by field; whatever this
// encoder cannot honour is an error naming the file and the field; to_json() reads back unchanged.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "file_helpers.h"
#include "nn/bert_config.h"
#include "nn/bert_model.h"
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
  expect_config_error({{"model_type", "xlm-roberta"}}, {"dir/config.json", "model_type", "xlm-roberta"});
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

// Sizes that would overflow or exhaust memory are refused when the config is read, naming the
// file and the field: vocab_size 2^58 with hidden 64 used to wrap the element count to 0 and then
// write out of bounds, 2^57 gave a bare std::bad_alloc, hidden_size 2^40 a std::length_error.
TEST(BertConfig, SizesOverTheLimitsAreErrorsNamingFileAndField) {
  testing::TempDir dir;
  auto expect_limit_error = [&](json fields, std::initializer_list<std::string> fragments) {
    testing::write_bytes(dir / "config.json", fields.dump());
    expect_error([&] { BertConfig::from_file(dir / "config.json"); }, fragments);
  };
  const std::string path = dir / "config.json";
  expect_limit_error({{"vocab_size", int64_t{1} << 58}, {"hidden_size", 64}, {"num_attention_heads", 1}},
                     {path, "\"vocab_size\" is 288230376151711744, over the limit of 2147483647"});
  expect_limit_error({{"vocab_size", int64_t{1} << 57}, {"hidden_size", 64}, {"num_attention_heads", 1}},
                     {path, "\"vocab_size\"", "over the limit"});
  expect_limit_error({{"hidden_size", int64_t{1} << 40}, {"num_attention_heads", 1}},
                     {path, "\"hidden_size\" is 1099511627776, over the limit"});
  expect_limit_error({{"num_hidden_layers", 1'000'000}}, {path, "\"num_hidden_layers\"", "over the limit of 4096"});
  // Each dimension within int32, but together too large: the error names the dominating product.
  expect_limit_error({{"vocab_size", 2'000'000'000}, {"hidden_size", 768}},
                     {path, "more than 68719476736 parameters", "vocab_size x hidden_size"});
  expect_limit_error({{"intermediate_size", 2'000'000'000}, {"num_hidden_layers", 4096}},
                     {path, "num_hidden_layers x"});
  expect_limit_error({{"vocab_size", 9'223'372'036'854'775'807}}, {path, "\"vocab_size\"", "over the limit"});
  expect_limit_error(json::parse("{\"vocab_size\": 18446744073709551615}"), {path, "\"vocab_size\"", "out of range"});
  expect_limit_error({{"initializer_range", -1}}, {path, "initializer_range"});
  testing::write_bytes(path, "{\"layer_norm_eps\": 1e999}");  // beyond double: not a finite number
  expect_error([&] { BertConfig::from_file(path); }, {path, "1e999"});
}

// A ~100,000-deep value in a field the checks print used to crash (json::dump recursed once per
// level while building the error message). Nesting is bounded while parsing, and messages show
// a summary of a value, never all of it.
TEST(BertConfig, DeeplyNestedJsonIsAnErrorNotACrash) {
  testing::TempDir dir;
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  for (const char* field : {"model_type", "hidden_act", "hidden_size", "position_embedding_type"}) {
    testing::write_bytes(dir / "config.json", std::string("{\"") + field + "\": " + deep + "}");
    expect_error([&] { BertConfig::from_file(dir / "config.json"); },
                 {dir / "config.json", "nested more than 127 levels"});
  }
  // 127 levels parse; the field's error then describes the value instead of printing it.
  const std::string allowed = std::string(126, '[') + std::string(126, ']');
  testing::write_bytes(dir / "config.json", "{\"hidden_act\": " + allowed + "}");
  const std::string message = testing::error_message_of([&] { BertConfig::from_file(dir / "config.json"); });
  EXPECT_NE(message.find("\"hidden_act\" must be a string, got an array of 1 items"), std::string::npos) << message;
  testing::write_bytes(dir / "config.json", "{\"hidden_act\": \"" + std::string(100'000, 'x') + "\"}");
  EXPECT_LT(testing::error_message_of([&] { BertConfig::from_file(dir / "config.json"); }).size(), 500u);
}

// load_bert compares the checkpoint with parameter_shapes() before building the model: the list
// must be exactly what BertModel registers, name for name and shape for shape.
TEST(BertConfig, ParameterShapesAreWhatTheModelRegisters) {
  BertConfig config;
  config.vocab_size = 20, config.hidden_size = 6, config.num_attention_heads = 2, config.intermediate_size = 10;
  config.num_hidden_layers = 3, config.max_position_embeddings = 16;
  for (bool with_pooler : {true, false}) {
    const BertModel model(config, random_bert_parameters(config, 1), with_pooler);
    const auto registered = model.parameters().all();
    const auto listed = config.parameter_shapes(with_pooler);
    ASSERT_EQ(listed.size(), registered.size());
    for (size_t i = 0; i < listed.size(); ++i) {
      EXPECT_EQ(listed[i].first, registered[i].first);
      EXPECT_EQ(listed[i].second, registered[i].second.shape()) << listed[i].first;
    }
  }
}

}  // namespace
}  // namespace simcse
