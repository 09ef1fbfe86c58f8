// test_wordpiece_json.cc — BERT's tokenizer in tokenizer.json: each BertNormalizer switch gives the
// ids the `tokenizers` library gives (fixtures from tools/make_sentence_transformers_fixtures.py);
// what we write reads back as the same tokenizer; a directory with tokenizer.json and no vocab.txt
// loads it; and every field asking for something not implemented is an error naming the field.
#include <gtest/gtest.h>

#include "file_helpers.h"
#include "support/test_support.h"
#include "tokenizer/load_tokenizer.h"
#include "tokenizer/wordpiece_json.h"

namespace simcse {
namespace {

using nlohmann::json;
using testing::TempDir;

const std::string kFixtures = "tests/fixtures/sentence_transformers/tokenizer_json/";

TEST(WordPieceJson, EveryNormalizerSwitchMatchesTheTokenizersLibrary) {
  const json expected = testing::load_json(kFixtures + "expected.json");
  const std::vector<std::string> texts = expected["texts"];
  for (const json& c : expected["cases"]) {
    const std::string path = testing::repo_root() + "/" + kFixtures + c["file"].get<std::string>();
    const BertTokenizer tokenizer = read_wordpiece_tokenizer_json(path);
    const EncodedBatch batch = tokenizer.encode_batch(texts, 64);
    for (size_t i = 0; i < texts.size(); ++i) {
      const std::vector<int32_t> theirs = c["ids"][i];
      const std::vector<int32_t> ours(batch.input_ids.begin() + i * batch.seq_len,
                                      batch.input_ids.begin() + i * batch.seq_len + theirs.size());
      EXPECT_EQ(ours, theirs) << c["file"] << ": '" << texts[i] << "'";
    }
  }
}

TEST(WordPieceJson, WrittenFileReadsBackAsTheSameTokenizer) {
  TempDir dir;
  for (bool lowercase : {true, false}) {
    const BertTokenizer original =
        BertTokenizer::from_vocab_file(testing::repo_root() + "/tests/fixtures/encoder/vocab.txt", lowercase);
    testing::write_bytes(dir / "tokenizer.json", wordpiece_tokenizer_json(original));
    const std::unique_ptr<Tokenizer> loaded = load_tokenizer(dir.path(), /*lowercase=*/!lowercase);  // the file says
    const auto* bert = dynamic_cast<const BertTokenizer*>(loaded.get());
    ASSERT_NE(bert, nullptr) << "a WordPiece tokenizer.json without vocab.txt loads BERT's tokenizer";
    EXPECT_EQ(bert->normalization(), original.normalization());
    EXPECT_EQ(bert->vocab().tokens(), original.vocab().tokens());
    for (const char* text : {"A Man, with Héllo [MASK] unaffable!", "你好 dog"})
      EXPECT_EQ(bert->encode_ids(text), original.encode_ids(text)) << text;
  }
}

class WordPieceJsonErrors : public ::testing::Test {
 protected:
  void expect_field_error(const std::function<void(json&)>& change, std::initializer_list<std::string> fragments) {
    json spec = testing::load_json(kFixtures + "default.json");
    change(spec);
    testing::write_bytes(dir_ / "tokenizer.json", spec.dump());
    testing::expect_error([&] { read_wordpiece_tokenizer_json(dir_ / "tokenizer.json"); }, fragments);
  }
  TempDir dir_;
};

TEST_F(WordPieceJsonErrors, UnsupportedFieldsAreNamed) {
  expect_field_error([](json& s) { s["normalizer"] = {{"type", "Sequence"}, {"normalizers", json::array()}}; },
                     {"tokenizer.json: normalizer.type", "Sequence"});
  expect_field_error([](json& s) { s["pre_tokenizer"] = {{"type", "Whitespace"}}; },
                     {"pre_tokenizer.type", "Whitespace"});
  expect_field_error([](json& s) { s["post_processor"]["single"].erase(0); }, {"post_processor.single", "[CLS] A [SEP]"});
  expect_field_error([](json& s) { s["post_processor"] = {{"type", "RobertaProcessing"}}; },
                     {"post_processor.type", "RobertaProcessing"});
  expect_field_error([](json& s) { s.erase("post_processor"); },
                     {"post_processor must be an object"});
  expect_field_error([](json& s) { s["model"]["unk_token"] = "<unk>"; }, {"model.unk_token", "<unk>"});
  expect_field_error([](json& s) { s["model"]["max_input_chars_per_word"] = 0; }, {"max_input_chars_per_word"});
  expect_field_error([](json& s) { s["model"]["vocab"]["[CLS]"] = 999; }, {"model.vocab", "[CLS]", "999"});
  expect_field_error([](json& s) { s["normalizer"]["lowercase"] = "yes"; }, {"normalizer.lowercase", "wrong type"});
  expect_field_error(
      [](json& s) {
        s["added_tokens"].push_back({{"id", 9}, {"content", "the"}, {"special", true}});
      },
      {"added_tokens[5]", "the", "special tokens"});
  expect_field_error([](json& s) { s["model"]["type"] = "Unigram"; }, {"model.type", "Unigram"});
}

TEST(WordPieceJson, LoadTokenizerNamesAnUnknownModelType) {
  TempDir dir;
  json spec = testing::load_json(kFixtures + "default.json");
  spec["model"]["type"] = "WordLevel";
  testing::write_bytes(dir / "tokenizer.json", spec.dump());
  testing::expect_error([&] { load_tokenizer(dir.path(), true); }, {"tokenizer.json", "WordLevel", "WordPiece"});
}

}  // namespace
}  // namespace simcse
