// test_checkpoint_save.cc — save_bert writes a directory load_bert reads back bit for bit (and
// tools/check_hf_roundtrip.py shows transformers does too); a failed save leaves the directory as
// it was; the safetensors and .npy writers produce what their readers (and numpy) expect.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/autograd.h"
#include "encoder_parity.h"
#include "file_helpers.h"
#include "io/npy.h"

namespace simcse {
namespace {

using testing::expect_error;
using testing::read_bytes;
using testing::TempDir;

BertConfig small_config() {
  BertConfig config;
  config.vocab_size = 54, config.hidden_size = 12, config.num_attention_heads = 3, config.num_hidden_layers = 2;
  config.intermediate_size = 20, config.max_position_embeddings = 24;
  config.initializer_range = 0.5;  // large weights, so a swapped or misplaced tensor changes the output
  return config;
}

const std::string kVocab = testing::repo_root() + "/tests/fixtures/encoder/vocab.txt";

TEST(CheckpointSave, SaveThenLoadGivesTheSameModel) {
  TempDir dir;
  const BertModel model(small_config(), random_bert_parameters(small_config(), 7));
  save_bert(dir / "saved", model, kVocab, /*lowercase=*/false);
  for (const char* name :
       {"config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"})
    EXPECT_TRUE(std::filesystem::is_regular_file(dir / ("saved/" + std::string(name)))) << name;
  EXPECT_EQ(read_bytes(dir / "saved/vocab.txt"), read_bytes(kVocab));
  EXPECT_FALSE(checkpoint_lowercase(dir / "saved"));

  const LoadedBert loaded = load_bert(dir / "saved");
  EXPECT_TRUE(loaded.unexpected.empty());
  const auto& saved = model.parameters().all();
  const auto& reread = loaded.model.parameters().all();
  ASSERT_EQ(saved.size(), reread.size());
  for (size_t i = 0; i < saved.size(); ++i) {
    EXPECT_EQ(saved[i].first, reread[i].first);
    EXPECT_EQ(saved[i].second.to_vector(), reread[i].second.to_vector()) << saved[i].first;
  }
  NoGradGuard no_grad;
  const BertInput input = testing::fixture_input("pairs_gelu_new");  // seq 20 <= 24 positions
  EXPECT_EQ(model.forward(input).pooler_output.to_vector(), loaded.model.forward(input).pooler_output.to_vector());
}

TEST(CheckpointSave, FailedSaveLeavesTheDirectoryAsItWas) {
  TempDir dir;
  const std::string target = dir / "existing";
  std::filesystem::create_directories(target);
  testing::write_bytes(target + "/model.safetensors", "the user's weights");
  testing::write_bytes(target + "/config.json", "the user's config");
  const BertModel model(small_config(), random_bert_parameters(small_config(), 7));
  expect_error([&] { save_bert(target, model, dir / "no-such-vocab.txt", true); }, {"no-such-vocab.txt"});
  EXPECT_EQ(read_bytes(target + "/model.safetensors"), "the user's weights");
  EXPECT_EQ(read_bytes(target + "/config.json"), "the user's config");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(target)) ++files;
  EXPECT_EQ(files, 2);  // no staging folder or temporary file left behind
}

TEST(CheckpointSave, SavingAgainReplacesTheModel) {
  TempDir dir;
  const BertModel first(small_config(), random_bert_parameters(small_config(), 1));
  const BertModel second(small_config(), random_bert_parameters(small_config(), 2));
  save_bert(dir.path(), first, kVocab, true);
  save_bert(dir.path(), second, kVocab, true);
  EXPECT_TRUE(checkpoint_lowercase(dir.path()));
  const LoadedBert loaded = load_bert(dir.path());
  EXPECT_EQ(loaded.model.parameters().get("pooler.dense.weight").to_vector(),
            second.parameters().get("pooler.dense.weight").to_vector());
}

TEST(Safetensors, WriterAlignsDataAndKeepsOrderAndMetadata) {
  TempDir dir;
  const Tensor a = Tensor::from_vector({2, 3}, {1, 2, 3, 4, 5, 6}), b = Tensor::from_vector({1}, {-7});
  save_safetensors(dir / "t.safetensors", {{"z.first", a}, {"a.second", b}}, {{"format", "pt"}});
  const std::string bytes = read_bytes(dir / "t.safetensors");
  uint64_t header_bytes = 0;
  for (int i = 7; i >= 0; --i) header_bytes = (header_bytes << 8) | static_cast<unsigned char>(bytes[i]);
  EXPECT_EQ(header_bytes % 8, 0u);
  const nlohmann::json header = nlohmann::json::parse(bytes.substr(8, header_bytes));
  EXPECT_EQ(header["__metadata__"]["format"], "pt");
  const TensorFileIndex index = read_safetensors_index(dir / "t.safetensors");
  ASSERT_EQ(index.tensors.size(), 2u);
  EXPECT_EQ(index.tensors[0].name, "z.first");  // file order is the order given
  BinaryFile file(index.path);
  EXPECT_EQ(read_stored_tensor(file, index.tensors[0]).to_vector(), a.to_vector());
  EXPECT_EQ(read_stored_tensor(file, index.tensors[1]).to_vector(), b.to_vector());
}

TEST(Npy, WritesWhatItReads) {
  TempDir dir;
  save_npy(dir / "m.npy", {1.5f, -2, 3, 4, 5, 6.25f}, {3, 2});
  save_npy(dir / "v.npy", {7, 8}, {2});
  const std::string bytes = read_bytes(dir / "m.npy");
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
  EXPECT_EQ((bytes.size() - 6 * 4) % 64, 0u);  // header padded to 64 bytes, then 6 floats
  EXPECT_NE(bytes.find("'shape': (3, 2)"), std::string::npos);
  EXPECT_NE(read_bytes(dir / "v.npy").find("'shape': (2,)"), std::string::npos);
  const NpyArray matrix = load_npy(dir / "m.npy");
  EXPECT_EQ(matrix.shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(matrix.values, (std::vector<double>{1.5, -2, 3, 4, 5, 6.25}));
  EXPECT_EQ(load_npy(dir / "v.npy").shape, std::vector<int64_t>{2});
  expect_error([&] { save_npy(dir / "bad.npy", {1, 2, 3}, {2, 2}); }, {"bad.npy", "3 values"});
  testing::write_bytes(dir / "short.npy", bytes.substr(0, bytes.size() - 4));
  expect_error([&] { load_npy(dir / "short.npy"); }, {"short.npy"});
}

// The header of a .npy file a fuzzer or a user hands `simcse eval` (precomputed embeddings): read
// with std::regex, a 60 KB shape tuple overflowed the stack (libstdc++'s matcher recurses once per
// character), and a dimension of 10^12 times a large count overflowed int64.
TEST(Npy, HostileHeadersAreErrorsNotCrashes) {
  TempDir dir;
  auto npy_with_header = [&](const std::string& name, std::string header, const std::string& data) {
    header.append(63 - (10 + header.size()) % 64, ' ');
    header += '\n';
    const char preamble[] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<char>(header.size() & 0xFF),
                             static_cast<char>(header.size() >> 8)};
    testing::write_bytes(dir / name, std::string(preamble, 10) + header + data);
    return dir / name;
  };
  std::string ones;
  for (int i = 0; i < 15'000; ++i) ones += "1, ";
  const NpyArray wide = load_npy(npy_with_header("ones.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                                                                  ones + "), }", std::string(4, '\0')));
  EXPECT_EQ(wide.shape.size(), 15'000u);
  EXPECT_EQ(wide.values, std::vector<double>{0});
  const std::string spaces = npy_with_header(
      "spaces.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::string(60'000, ' ') + "), }", "");
  EXPECT_LT(testing::error_message_of([&] { load_npy(spaces); }).size(), 500u);
  expect_error([&] { load_npy(npy_with_header("huge.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': "
                                                           "(999999999999, 999999999999, 999999999999), }", "")); },
               {"huge.npy", "larger than the file"});
  expect_error([&] { load_npy(npy_with_header("gap.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1 2,), }",
                                              std::string(8, '\0'))); },
               {"gap.npy", "impossible dimension '1 2'"});
}

}  // namespace
}  // namespace simcse
