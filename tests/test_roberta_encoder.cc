// test_roberta_encoder.cc — what RoBERTa changes in the encoder, beyond the parity with transformers'
// RobertaModel that test_encoder_parity.cc checks: the position-id rule, config.json's model_type
// (RoBERTa's defaults, anything else an error naming the file), SimCSE's RobertaForCL checkpoint
// (roberta. prefix, MLP onto the pooler, lm_head.* reported), and saving: config.json says roberta,
// the tokenizer files travel with the weights, and the directory reads back to the same model and ids.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/autograd.h"
#include "encoder_parity.h"
#include "file_helpers.h"
#include "tokenizer/load_tokenizer.h"

namespace simcse {
namespace {

using nlohmann::json;
using testing::expect_error;
using testing::read_bytes;
using testing::TempDir;

std::string roberta_dir(const std::string& name) { return testing::fixture_dir(name, "roberta"); }

// transformers' create_position_ids_from_input_ids: pad_token_id for padding, then pad + 1, pad + 2,
// ... over the other tokens, wherever the padding stands; BERT: 0 .. n-1 whatever the ids.
TEST(RobertaPositions, CountFromPadPlusOneOverNonPadTokens) {
  BertConfig roberta;
  roberta.model_type = ModelType::roberta, roberta.pad_token_id = 1;
  const std::vector<int32_t> ids = {0, 9, 9, 2, 1, 1,   // right padding
                                    1, 1, 0, 9, 9, 2,   // left padding
                                    0, 9, 1, 9, 2, 1};  // a padding id inside (an MLM replacement can be one)
  EXPECT_EQ(position_ids(ids, 3, 6, roberta), (std::vector<int32_t>{2, 3, 4, 5, 1, 1,  //
                                                                    1, 1, 2, 3, 4, 5,  //
                                                                    2, 3, 1, 4, 5, 1}));
  BertConfig bert;
  EXPECT_EQ(position_ids(ids, 3, 6, bert), (std::vector<int32_t>{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5,
                                                                 0, 1, 2, 3, 4, 5}));
}

TEST(RobertaConfig, ModelTypeChoosesRobertaAndItsDefaults) {
  const BertConfig config = BertConfig::from_json(json{{"model_type", "roberta"}, {"max_position_embeddings", 514}},
                                                  "config.json");
  EXPECT_EQ(config.model_type, ModelType::roberta);
  EXPECT_EQ(config.pad_token_id, 1);  // RobertaConfig's, not BertConfig's 0
  EXPECT_EQ(config.vocab_size, 50265);
  EXPECT_EQ(config.max_sequence_length(), 512);  // roberta-base: 514 positions, 512 tokens
  EXPECT_EQ(config.to_json()["model_type"], "roberta");
  EXPECT_EQ(config.to_json()["architectures"], json::array({"RobertaModel"}));
  EXPECT_EQ(BertConfig::from_json(config.to_json(), "saved").model_type, ModelType::roberta);
  EXPECT_EQ(BertConfig::from_json(json::object(), "config.json").model_type, ModelType::bert);
}

TEST(RobertaConfig, OtherModelTypesAndTooFewPositionsAreErrorsNamingTheFile) {
  expect_error([] { BertConfig::from_json(json{{"model_type", "gpt2"}}, "some/dir/config.json"); },
               {"some/dir/config.json", "model_type \"gpt2\"", "\"bert\"", "\"roberta\""});
  expect_error([] { BertConfig::from_json(json{{"model_type", 7}}, "config.json"); }, {"config.json", "model_type 7"});
  expect_error(
      [] {
        BertConfig::from_json(json{{"model_type", "roberta"}, {"max_position_embeddings", 2}, {"pad_token_id", 1}},
                              "c.json");
      },
      {"c.json", "max_position_embeddings 2", "pad_token_id + 1 = 2"});
  // The file on disk: load_bert names it.
  TempDir dir;
  testing::copy_directory(roberta_dir("pairs_gelu_new"), dir / "model");
  json config = testing::load_json("tests/fixtures/roberta/pairs_gelu_new/config.json");
  config["model_type"] = "xlm-roberta";
  testing::write_bytes(dir / "model/config.json", config.dump());
  expect_error([&] { load_bert(dir / "model"); }, {dir / "model/config.json", "\"xlm-roberta\" is not supported"});
}

// left_pad_gelu has exactly as many positions as its longest row needs (pad_token_id + 1 + 24).
TEST(RobertaModel, LongerSequencesThanThePositionsAreAnError) {
  const LoadedBert loaded = load_bert(roberta_dir("left_pad_gelu"));
  EXPECT_EQ(loaded.model.config().max_sequence_length(), 24);
  BertInput input{1, 25, std::vector<int32_t>(25, 7), {}, {}};
  expect_error([&] { loaded.model.forward(input); }, {"25 tokens", "the 24 positions", "pad_token_id + 1"});
}

// SimCSE's RobertaForCL state_dict: "roberta." names, mlp.dense.* (the pooler of the converted
// model), RobertaLMHead under lm_head.* and the position_ids buffer, which the encoder reports.
TEST(RobertaCheckpoint, SimcseRobertaForClLoadsWithMlpAsPooler) {
  const LoadedBert loaded = load_bert(roberta_dir("simcse_train_roberta"));
  EXPECT_TRUE(loaded.model.has_pooler());
  EXPECT_EQ(loaded.unexpected, (std::vector<std::string>{"roberta.embeddings.position_ids", "lm_head.bias",
                                                         "lm_head.dense.weight", "lm_head.dense.bias",
                                                         "lm_head.layer_norm.weight", "lm_head.layer_norm.bias",
                                                         "lm_head.decoder.weight", "lm_head.decoder.bias"}));
  testing::expect_same_parameters(loaded.model, load_bert(roberta_dir("left_pad_gelu")).model);
}

// The tokenizer a RoBERTa directory holds gives the ids transformers' RobertaTokenizerFast gave.
TEST(RobertaCheckpoint, TheDirectorysTokenizerGivesTransformersIds) {
  const auto tokenizer = load_tokenizer(roberta_dir("pairs_gelu_new"), /*lowercase=*/true);  // BPE ignores case flags
  const json inputs = testing::load_json("tests/fixtures/roberta/pairs_gelu_new/inputs.json");
  const EncodedBatch batch = tokenizer->encode_pair_batch(inputs["sentences"], inputs["second_sentences"], 512);
  EXPECT_EQ(batch.input_ids, inputs["input_ids"].get<std::vector<int32_t>>());
  EXPECT_EQ(batch.attention_mask, inputs["attention_mask"].get<std::vector<int32_t>>());
  EXPECT_EQ(batch.token_type_ids, inputs["token_type_ids"].get<std::vector<int32_t>>());
  EXPECT_EQ(tokenizer->vocab().pad_id(), load_bert(roberta_dir("pairs_gelu_new")).model.config().pad_token_id);
}

TEST(RobertaCheckpoint, SaveCopiesTheTokenizerAndReadsBackTheSameModel) {
  TempDir dir;
  const std::string source = roberta_dir("simcse_train_roberta");
  const LoadedBert original = load_bert(source);
  save_bert(dir / "saved", original.model, source, /*lowercase=*/true);
  for (const char* name : {"vocab.json", "merges.txt", "tokenizer_config.json"})
    EXPECT_EQ(read_bytes(dir / ("saved/" + std::string(name))), read_bytes(source + "/" + name)) << name;
  EXPECT_FALSE(std::filesystem::exists(dir / "saved/vocab.txt"));
  const json config = json::parse(read_bytes(dir / "saved/config.json"));
  EXPECT_EQ(config["model_type"], "roberta");
  EXPECT_EQ(config["pad_token_id"], 1);
  EXPECT_EQ(config["layer_norm_eps"], 1e-5);

  const LoadedBert reread = load_bert(dir / "saved");
  EXPECT_TRUE(reread.unexpected.empty());
  testing::expect_same_parameters(original.model, reread.model);
  NoGradGuard no_grad;
  const BertInput input = testing::fixture_input("left_pad_gelu", "roberta");
  EXPECT_EQ(original.model.forward(input).pooler_output.to_vector(),
            reread.model.forward(input).pooler_output.to_vector());
}

TEST(RobertaCheckpoint, SavingWithATokenizerOfAnotherPaddingIdIsAnError) {
  TempDir dir;
  const LoadedBert model = load_bert(roberta_dir("pairs_gelu_new"));
  testing::copy_directory(roberta_dir("pairs_gelu_new"), dir / "tokenizer");
  json vocab = testing::load_json("tests/fixtures/roberta/pairs_gelu_new/vocab.json");
  std::swap(vocab["<pad>"], vocab["<s>"]);  // <pad> becomes id 0
  testing::write_bytes(dir / "tokenizer/vocab.json", vocab.dump());
  expect_error([&] { save_bert(dir / "saved", model.model, dir / "tokenizer", true); },
               {dir / "tokenizer", "padding id 0", "pad_token_id 1"});
  EXPECT_FALSE(std::filesystem::exists(dir / "saved/config.json"));
  expect_error([&] { save_bert(dir / "saved", model.model, roberta_dir("pairs_gelu_new") + "/vocab.json", true); },
               {"vocab.json", "not a single file"});
}

}  // namespace
}  // namespace simcse
