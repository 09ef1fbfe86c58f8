// test_sentence_transformers_files.cc — sentence-transformers model directories: every pooling mode,
// modes concatenated, Dense chains and Normalize give the vectors sentence-transformers' own encode
// gives (fixtures saved by sentence-transformers itself, tools/make_sentence_transformers_fixtures.py,
// in its newer file form, with tokenizer.json and no vocab.txt); our writer's files read back as the
// pooler they were written for; and every malformed or unsupported file is an error naming it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "eval/embedding_model.h"
#include "file_helpers.h"
#include "nn/sentence_transformers_files.h"
#include "support/test_support.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string fixture(const std::string& name) { return testing::repo_root() + "/tests/fixtures/sentence_transformers/" + name; }

class SentenceTransformersHeads : public ::testing::TestWithParam<std::string> {};

TEST_P(SentenceTransformersHeads, EncodeGivesSentenceTransformersVectors) {
  const nlohmann::json expected = testing::load_json("tests/fixtures/sentence_transformers/heads.json");
  const std::vector<std::string> sentences = expected["sentences"];
  const EmbeddingModel model(fixture(GetParam()), {});
  EXPECT_EQ(model.head_source(), "modules.json");
  const SentenceVectors ours = model.encode(sentences, /*batch_size=*/3, model.default_max_length(), false);
  const nlohmann::json& theirs = expected["vectors"][GetParam()];
  ASSERT_EQ(ours.rows, static_cast<int64_t>(theirs.size()));
  ASSERT_EQ(ours.cols, static_cast<int64_t>(theirs[0].size()));
  double worst = 0;
  for (int64_t i = 0; i < ours.rows; ++i)
    for (int64_t d = 0; d < ours.cols; ++d)
      worst = std::max(worst, std::abs(ours.values[i * ours.cols + d] - theirs[i][d].get<double>()));
  EXPECT_LE(worst, 1e-5) << model.head().describe();
  std::printf("  %-16s %-40s max |error| vs sentence-transformers %.2e\n", GetParam().c_str(),
              model.head().describe().c_str(), worst);
}

INSTANTIATE_TEST_SUITE_P(EveryHead, SentenceTransformersHeads,
                         ::testing::Values("mean_normalize", "cls", "max", "mean_sqrt_len", "weightedmean", "lasttoken",
                                           "cls_max_mean", "mean_dense_tanh", "max_dense_chain"));

TEST(SentenceTransformersFiles, APoolerFlagReplacesTheDirectorysHead) {
  const EmbeddingModel model(fixture("max_dense_chain"), {Device::cpu, "avg", ""});
  EXPECT_EQ(model.head().describe(), "avg");
  EXPECT_EQ(model.dimension(), 8);
}

TEST(SentenceTransformersFiles, WrittenFilesReadBackAsTheirPooler) {
  const EmbeddingModel source(testing::repo_root() + "/tests/fixtures/encoder/one_layer_relu", {Device::cpu, "avg", ""});
  for (Pooler pooler : {Pooler::cls, Pooler::cls_before_pooler, Pooler::avg, Pooler::max, Pooler::mean_sqrt_len,
                        Pooler::weighted_mean, Pooler::last_token}) {
    TempDir dir;
    write_sentence_transformers_files(dir.path(), sentence_transformers_head_of(pooler, source.bert()), 8, 24);
    const auto layout = read_sentence_transformers_layout(dir.path());
    ASSERT_TRUE(layout.has_value());
    // cls is the [CLS] token then a tanh Dense layer holding BERT's pooler; the others, themselves.
    const bool cls = pooler == Pooler::cls;
    EXPECT_EQ(layout->pooling, std::vector<Pooler>{cls ? Pooler::cls_before_pooler : pooler}) << pooler_name(pooler);
    ASSERT_EQ(layout->layers.size(), cls ? 1u : 0u) << pooler_name(pooler);
    if (cls) EXPECT_EQ(load_sentence_transformers_head(*layout, 8, Device::cpu).describe(), "cls_before_pooler -> dense 8->8 tanh");
    EXPECT_EQ(layout->max_seq_length, 24);
  }
  TempDir dir;
  EXPECT_FALSE(sentence_transformers_can_say(Pooler::avg_first_last));
  testing::expect_error(
      [&] { write_sentence_transformers_files(dir.path(), SentenceHead::of_pooler(Pooler::avg_top2), 8, 24); },
      {"avg_top2"});
}

// A copy of a fixture directory with one file replaced.
class BrokenDirectory : public ::testing::Test {
 protected:
  std::string copy_with(const std::string& source, const std::string& file, const std::string& contents) {
    fs::copy(fixture(source), dir_ / "model", fs::copy_options::recursive);
    testing::write_bytes(dir_ / ("model/" + file), contents);
    return dir_ / "model";
  }
  void expect_open_error(const std::string& model, std::initializer_list<std::string> fragments) {
    testing::expect_error([&] { EmbeddingModel(model, {}); }, fragments);
  }
  TempDir dir_;
};

TEST_F(BrokenDirectory, DoLowerCaseLowercasesBeforeACasedTokenizer) {
  const std::string model = copy_with("cls", "sentence_bert_config.json", R"({"max_seq_length": 16, "do_lower_case": true})");
  nlohmann::json spec = testing::load_json("tests/fixtures/sentence_transformers/cls/tokenizer.json");
  spec["normalizer"]["lowercase"] = false;  // a cased tokenizer: "MAN" would be [UNK]
  testing::write_bytes(model + "/tokenizer.json", spec.dump());
  const EmbeddingModel lowered(model, {});
  EXPECT_EQ(lowered.default_max_length(), 16);
  const SentenceVectors upper = lowered.encode({"A MAN WITH A HAT"}, 1, 16, false);
  const SentenceVectors lower = lowered.encode({"a man with a hat"}, 1, 16, false);
  EXPECT_EQ(upper.values, lower.values);
  testing::write_bytes(model + "/sentence_bert_config.json", R"({"max_seq_length": 16, "do_lower_case": false})");
  EXPECT_NE(EmbeddingModel(model, {}).encode({"A MAN WITH A HAT"}, 1, 16, false).values, lower.values);
}

TEST_F(BrokenDirectory, MalformedModulesJson) {
  expect_open_error(copy_with("cls", "modules.json", "[{\"type\": 3}"), {"modules.json", "not valid JSON"});
}

TEST_F(BrokenDirectory, ModulesJsonNotAList) {
  expect_open_error(copy_with("cls", "modules.json", "{}"), {"modules.json", "non-empty list"});
}

TEST_F(BrokenDirectory, UnknownModuleType) {
  expect_open_error(copy_with("cls", "modules.json",
                              R"([{"path": "", "type": "sentence_transformers.models.Transformer"},
                                  {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                                  {"path": "x", "type": "sentence_transformers.models.LSTM"}])"),
                    {"modules.json", "module 2", "LSTM", "does not implement"});
}

TEST_F(BrokenDirectory, ModulePathLeavingTheDirectory) {
  expect_open_error(copy_with("cls", "modules.json",
                              R"([{"path": "../elsewhere", "type": "sentence_transformers.models.Transformer"}])"),
                    {"modules.json", "leaves the model directory"});
}

TEST_F(BrokenDirectory, UnknownPoolingMode) {
  expect_open_error(copy_with("cls", "1_Pooling/config.json", R"({"embedding_dimension": 8, "pooling_mode": "median"})"),
                    {"1_Pooling/config.json", "median"});
}

TEST_F(BrokenDirectory, UnknownPoolingField) {
  expect_open_error(copy_with("cls", "1_Pooling/config.json", R"({"word_embedding_dimension": 8, "pooling_mode_mean_tokens": true,
                                                                   "pooling_mode_geometric": true})"),
                    {"1_Pooling/config.json", "pooling_mode_geometric"});
}

TEST_F(BrokenDirectory, PoolingWidthNotTheModels) {
  expect_open_error(copy_with("cls", "1_Pooling/config.json", R"({"embedding_dimension": 16, "pooling_mode": "mean"})"),
                    {"1_Pooling/config.json", "16", "hidden_size is 8"});
}

TEST_F(BrokenDirectory, DenseShapesThatDoNotChain) {
  expect_open_error(copy_with("max_dense_chain", "3_Dense/config.json",
                              R"({"in_features": 5, "out_features": 4, "bias": true,
                                  "activation_function": "torch.nn.modules.activation.ReLU"})"),
                    {"3_Dense", "linear.weight", "[4, 6]", "[4, 5]"});
}

TEST_F(BrokenDirectory, DenseInputNotWhatComesBefore) {
  expect_open_error(copy_with("mean_dense_tanh", "1_Pooling/config.json",
                              R"({"embedding_dimension": 8, "pooling_mode": ["mean", "max"]})"),
                    {"2_Dense", "takes 8 features", "give 16", "do not chain"});
}

TEST_F(BrokenDirectory, UnsupportedActivation) {
  expect_open_error(copy_with("mean_dense_tanh", "2_Dense/config.json",
                              R"({"in_features": 8, "out_features": 5, "activation_function": "torch.nn.modules.activation.SiLU"})"),
                    {"2_Dense/config.json", "SiLU", "not implemented"});
}

TEST_F(BrokenDirectory, UnsupportedTokenizerJson) {
  const std::string model = copy_with("cls", "tokenizer.json", "{}");
  nlohmann::json spec = testing::load_json("tests/fixtures/sentence_transformers/cls/tokenizer.json");
  spec["normalizer"] = {{"type", "NFKC"}};
  testing::write_bytes(model + "/tokenizer.json", spec.dump());
  expect_open_error(model, {"tokenizer.json: normalizer.type", "NFKC", "BertNormalizer"});
}

TEST_F(BrokenDirectory, SidecarAndModulesBothSayingHowToPool) {
  const std::string model = copy_with("cls", "simcse_config.json", R"({"evaluation_pooler": "avg"})");
  expect_open_error(model, {"simcse_config.json", "modules.json", "both"});
}

}  // namespace
}  // namespace simcse
