// test_encoder_parity.cc — the float32 encoder against transformers' BertModel in float32, for
// every fixture configuration in both checkpoint formats (and a SimCSE training checkpoint whose
// mlp.dense.* become the pooler): every hidden state, pooler_output and the five SimCSE poolers
// within 1e-5.
#include <gtest/gtest.h>

#include "encoder_parity.h"

namespace simcse {
namespace {

class EncoderParity : public ::testing::TestWithParam<testing::ParityCase> {};

TEST_P(EncoderParity, MatchesTransformersFloat32) { testing::check_parity(GetParam(), "float32", 1e-5); }

INSTANTIATE_TEST_SUITE_P(Fixtures, EncoderParity, ::testing::ValuesIn(testing::parity_cases()),
                         [](const ::testing::TestParamInfo<testing::ParityCase>& info) {
                           return testing::parity_case_name(info.param);
                         });

// SimCSE's training checkpoint: "bert." names, the MLP under mlp.dense, an int64 position_ids
// buffer. The MLP must land on the pooler (so `cls` gives the MLP output, as after
// simcse_to_huggingface.py) and the buffer must be reported, not loaded.
TEST(EncoderCheckpoint, SimcseTrainingCheckpointMapsMlpOntoPooler) {
  const LoadedBert loaded = load_bert(testing::fixture_dir("simcse_train_relu"));
  EXPECT_TRUE(loaded.model.has_pooler());
  EXPECT_EQ(loaded.unexpected, std::vector<std::string>{"bert.embeddings.position_ids"});
  testing::expect_same_parameters(loaded.model, load_bert(testing::fixture_dir("one_layer_relu")).model);
}

TEST(EncoderCheckpoint, NameMapping) {
  const ModelType bert = ModelType::bert;
  EXPECT_EQ(encoder_name("bert.encoder.layer.3.output.dense.weight", bert), "encoder.layer.3.output.dense.weight");
  EXPECT_EQ(encoder_name("mlp.dense.bias", bert), "pooler.dense.bias");
  EXPECT_EQ(encoder_name("bert.embeddings.LayerNorm.gamma", bert), "embeddings.LayerNorm.weight");
  EXPECT_EQ(encoder_name("encoder.layer.0.attention.output.LayerNorm.beta", bert),
            "encoder.layer.0.attention.output.LayerNorm.bias");
  EXPECT_EQ(encoder_name("cls.predictions.bias", bert), "cls.predictions.bias");
  // A prefix is the model type's own: RobertaForCL's "roberta.", never the other one.
  EXPECT_EQ(encoder_name("roberta.encoder.layer.0.output.dense.bias", ModelType::roberta),
            "encoder.layer.0.output.dense.bias");
  EXPECT_EQ(encoder_name("roberta.pooler.dense.bias", bert), "roberta.pooler.dense.bias");
  EXPECT_EQ(encoder_name("bert.pooler.dense.bias", ModelType::roberta), "bert.pooler.dense.bias");
}

}  // namespace
}  // namespace simcse
