// test_safetensors_rules.cc — the safetensors reader accepts exactly the files the reference library
// accepts: each file in tests/fixtures/safetensors_rules/ (tools/make_safetensors_rule_fixtures.py)
// comes with the verdict of Python's safetensors (safe_open, as transformers opens weights), and
// the C++ reader must agree, with the same tensors when the file loads. Also: a header nested
// 100,000 deep is an error, not a crash.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "file_helpers.h"
#include "io/safetensors.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

std::string rules_dir() { return testing::repo_root() + "/tests/fixtures/safetensors_rules"; }

// One test per fixture, so a disagreement names its case.
class SafetensorsRules : public ::testing::TestWithParam<std::string> {};

TEST_P(SafetensorsRules, AgreesWithTheReferenceReader) {
  const json verdicts = json::parse(testing::read_bytes(rules_dir() + "/verdicts.json"));
  const json& verdict = verdicts.at(GetParam());
  const std::string path = rules_dir() + "/" + GetParam() + ".safetensors";
  if (!verdict["loads"].get<bool>()) {
    const std::string message = testing::error_message_of([&] { read_safetensors_index(path); });
    EXPECT_NE(message.find(path), std::string::npos)
        << "the reference refuses this file (" << verdict["error"].get<std::string>() << "); here: " << message;
    return;
  }
  TensorFileIndex index;
  ASSERT_NO_THROW(index = read_safetensors_index(path)) << testing::error_message_of([&] { read_safetensors_index(path); });
  std::map<std::string, std::vector<int64_t>> tensors;
  for (const StoredTensor& stored : index.tensors) tensors[stored.name] = stored.shape;
  std::map<std::string, std::vector<int64_t>> expected;
  for (const auto& [name, shape] : verdict["tensors"].items()) expected[name] = shape.get<std::vector<int64_t>>();
  EXPECT_EQ(tensors, expected);
}

std::vector<std::string> rule_cases() {
  const json verdicts = json::parse(testing::read_bytes(rules_dir() + "/verdicts.json"));
  std::vector<std::string> cases;
  for (const auto& [name, verdict] : verdicts.items()) cases.push_back(name);
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SafetensorsRules, ::testing::ValuesIn(rule_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// The three findings of issue 11, spelled out with the messages they give.
TEST(Safetensors, ZeroLengthTensorAtTheStartLoads) {
  const std::string path = rules_dir() + "/zero_length_first_named_last.safetensors";  // "z" at [0, 0], "w" at [0, 8]
  const TensorFileIndex index = read_safetensors_index(path);
  ASSERT_EQ(index.tensors.size(), 2u);
  const BinaryFile file(path);
  EXPECT_EQ(read_stored_tensor(file, *index.find("z")).numel(), 0);
  EXPECT_EQ(read_stored_tensor(file, *index.find("w")).to_vector(), (std::vector<Scalar>{1, 2}));
}

TEST(Safetensors, TrailingBytesAndBadMetadataAreRefused) {
  testing::expect_error([&] { read_safetensors_index(rules_dir() + "/trailing_bytes.safetensors"); },
                        {"trailing_bytes.safetensors", "1 bytes follow the last tensor"});
  testing::expect_error([&] { read_safetensors_index(rules_dir() + "/metadata_list.safetensors"); },
                        {"metadata_list.safetensors", "\"__metadata__\" must be an object of strings, got an array"});
  testing::expect_error([&] { read_safetensors_index(rules_dir() + "/metadata_number_value.safetensors"); },
                        {"\"__metadata__\" entry 'a' must be a string, got 1"});
  testing::expect_error([&] { read_safetensors_index(rules_dir() + "/gap_between_tensors.safetensors"); },
                        {"4 bytes between tensors 'a' and 'b' belong to no tensor"});
}

// A header whose entry lacks a field, holding a 100,000-deep value: the error message used to
// print the entry (json::dump, recursive) and overflow the stack.
TEST(Safetensors, DeeplyNestedHeaderIsAnErrorNotACrash) {
  testing::TempDir dir;
  const std::string header = R"({"w":{"dtype":"F32","data_offsets":[0,0],"x":)" + std::string(100'000, '[') +
                             std::string(100'000, ']') + "}}";
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(static_cast<uint64_t>(header.size()) >> (8 * i));
  testing::write_bytes(dir / "deep.safetensors", bytes + header);
  testing::expect_error([&] { read_safetensors_index(dir / "deep.safetensors"); },
                        {dir / "deep.safetensors", "nested more than 127 levels"});
}

}  // namespace
}  // namespace simcse
