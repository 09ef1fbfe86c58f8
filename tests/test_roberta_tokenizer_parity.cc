// test_roberta_tokenizer_parity.cc — our byte-level BPE against Hugging Face RobertaTokenizerFast, id
// for id. The goldens come from tools/make_bpe_fixtures.py (tests/fixtures/tokenizer/bpe_*) with the
// vocabulary tools/make_bpe_vocab.py learned (tests/fixtures/tokenizer/bpe/): the hostile set read
// from vocab.json + merges.txt, with add_prefix_space, from tokenizer.json and from an edited
// tokenizer.json; a padded batch, a padded pair batch and pair truncation; every Unicode code point
// through GPT-2's pattern; and every sentence of the STS12-16, STS-B, SICK and SNLI files.
#include <gtest/gtest.h>
#include <utf8proc.h>

#include <map>
#include <sstream>

#include "file_helpers.h"
#include "support/test_support.h"
#include "tokenizer/gpt2_pretokenizer.h"
#include "tokenizer/roberta_tokenizer.h"
#include "tokenizer/utf8.h"
#include "tokenizer_parity.h"

namespace simcse {
namespace {

using testing::expect_ids_match;
using testing::read_lines;
const std::string& kFixtures = testing::kTokenizerFixtures;

std::string bpe_file(const std::string& name) { return testing::repo_root() + "/" + kFixtures + "bpe/" + name; }

RobertaTokenizer from_vocab_and_merges(bool add_prefix_space = false) {
  return RobertaTokenizer::from_files(bpe_file("vocab.json"), bpe_file("merges.txt"), add_prefix_space);
}

class HostileSet : public ::testing::Test {
 protected:
  std::vector<std::string> lines = read_lines(testing::repo_root() + "/" + kFixtures + "bpe_hostile.txt");
  nlohmann::json goldens = testing::load_json(kFixtures + "bpe_hostile.json");
};

TEST_F(HostileSet, IdsMatchHuggingFaceFromVocabAndMerges) {
  expect_ids_match(from_vocab_and_merges(), lines, goldens["ids"], "vocab.json + merges.txt");
  expect_ids_match(from_vocab_and_merges(/*add_prefix_space=*/true), lines, goldens["ids_add_prefix_space"],
                   "add_prefix_space");
}

TEST_F(HostileSet, IdsMatchHuggingFaceFromTokenizerJson) {
  expect_ids_match(RobertaTokenizer::from_tokenizer_json(bpe_file("tokenizer.json")), lines, goldens["ids"],
                   "tokenizer.json");
}

TEST_F(HostileSet, EditedTokenizerJsonMatchesHuggingFace) {
  // The fixture script's edits: add_prefix_space in the pre-tokenizer, and lstrip / rstrip /
  // normalized on the added tokens it names.
  const nlohmann::json& variant = goldens["variant"];
  nlohmann::json config = nlohmann::json::parse(testing::read_bytes(bpe_file("tokenizer.json")));
  config["pre_tokenizer"]["add_prefix_space"] = variant["add_prefix_space"];
  for (nlohmann::json& token : config["added_tokens"]) {
    for (const char* flag : {"lstrip", "rstrip", "normalized"}) {
      const auto& named = variant[flag];
      token[flag] = std::find(named.begin(), named.end(), token["content"]) != named.end();
    }
  }
  testing::TempDir dir;
  testing::write_bytes(dir / "tokenizer.json", config.dump());
  const RobertaTokenizer tokenizer = RobertaTokenizer::from_tokenizer_json(dir / "tokenizer.json");
  EXPECT_TRUE(tokenizer.add_prefix_space());
  expect_ids_match(tokenizer, lines, variant["ids"], "edited tokenizer.json");
}

TEST_F(HostileSet, PaddedBatchesMatchHuggingFace) {
  testing::expect_padded_batches_match(from_vocab_and_merges(), lines, goldens);
}

TEST_F(HostileSet, PairTruncationMatchesHuggingFaceForEveryLengthCombination) {
  const RobertaTokenizer tokenizer = from_vocab_and_merges();
  const auto words = [](int64_t count) {  // "a a a": one token per word ("a", then "Ġa")
    std::string text;
    for (int64_t i = 0; i < count; ++i) text += i == 0 ? "a" : " a";
    return text;
  };
  const auto rows = goldens["pair_truncation"]["rows"].get<std::vector<std::vector<int64_t>>>();
  ASSERT_GT(rows.size(), 1000u);
  for (const auto& row : rows) {  // first_length, second_length, max_length, first_kept, second_kept
    const EncodedBatch encoded = tokenizer.encode_pair_batch({words(row[0])}, {words(row[1])}, static_cast<int>(row[2]));
    const std::vector<int32_t>& ids = encoded.input_ids;  // <s> A </s></s> B </s>
    const auto middle = std::find(ids.begin(), ids.end(), tokenizer.vocab().sep_id()) - ids.begin();
    EXPECT_EQ(middle - 1, row[3]) << "lengths " << row[0] << "+" << row[1] << ", max_length " << row[2];
    EXPECT_EQ(static_cast<int64_t>(ids.size()) - middle - 3, row[4])
        << "lengths " << row[0] << "+" << row[1] << ", max_length " << row[2];
  }
}

TEST(InvalidUtf8, EveryInvalidHostileLineIsAnErrorNamingItsFirstBadByte) {
  // hostile.txt (the WordPiece set) ends with lines of invalid UTF-8, which Hugging Face cannot even
  // receive (a Python str holds none): RoBERTa's tokenizer refuses them.
  const RobertaTokenizer tokenizer = from_vocab_and_merges();
  int invalid_lines = 0;
  for (const std::string& line : read_lines(testing::repo_root() + "/" + kFixtures + "hostile.txt")) {
    const size_t bad = utf8::find_invalid(line);
    if (bad == std::string_view::npos) continue;
    ++invalid_lines;
    testing::expect_error([&] { tokenizer.encode_ids(line); },
                          {"byte " + std::to_string(bad + 1) + " of the text is not valid UTF-8"});
  }
  EXPECT_EQ(invalid_lines, 9);
}

// ---- every code point ---------------------------------------------------------------------------

// The cut of `probe` with every "{c}" replaced by c: its pieces' lengths in code points, e.g. "3 2 1".
std::string cut_around(const Gpt2PreTokenizer& pre_tokenizer, const std::string& probe, char32_t c) {
  std::string text, character;
  utf8::append(character, c);
  size_t start = 0;
  for (size_t slot = probe.find("{c}"); slot != std::string::npos; slot = probe.find("{c}", start)) {
    text.append(probe, start, slot - start).append(character);
    start = slot + 3;
  }
  text.append(probe, start);
  std::vector<std::string_view> pieces;
  pre_tokenizer.split(text, pieces);
  std::ostringstream out;
  for (size_t i = 0; i < pieces.size(); ++i) out << (i == 0 ? "" : " ") << utf8::count_chars(pieces[i]);
  return out.str();
}

TEST(EveryCodePoint, Gpt2PatternCutsAsHuggingFaceButForNewerUnicodeCharacters) {
  struct Block {
    uint64_t huggingface, unicode;
  };
  std::map<uint32_t, Block> blocks;
  std::map<uint32_t, char32_t> huggingface_class;  // code point -> the representative of Oniguruma's class
  const std::map<std::string, char32_t> representative = {{"L", U'a'}, {"N", U'1'}, {"W", U'\t'}, {"O", U'!'}};
  std::string unicode_version, probe;
  int64_t differing = 0;
  for (const std::string& line : read_lines(testing::repo_root() + "/" + kFixtures + "bpe_code_points.txt")) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::istringstream split(line);
    for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
    if (fields[0] == "unicode") unicode_version = fields.at(1);
    if (fields[0] == "probe") probe = fields.at(1);
    if (fields[0] == "block")
      blocks[std::stoul(fields.at(1), nullptr, 16)] = {std::stoull(fields.at(2), nullptr, 16),
                                                      std::stoull(fields.at(3), nullptr, 16)};
    if (fields[0] == "differs") {
      const uint32_t first = std::stoul(fields.at(1), nullptr, 16), last = std::stoul(fields.at(2), nullptr, 16);
      for (uint32_t c = first; c <= last; ++c) huggingface_class[c] = representative.at(fields.at(3));
      differing += last - first + 1;
    }
  }
  ASSERT_EQ(blocks.size(), 0x110000u >> 12);
  ASSERT_FALSE(probe.empty());
  // Which code points differ depends on the Unicode version of utf8proc's tables.
  ASSERT_EQ(unicode_version, utf8proc_unicode_version())
      << "the fixture was made for another Unicode version: rerun tools/make_bpe_fixtures.py with "
         "unicodedata2 pinned to libutf8proc's Unicode version";

  const Gpt2PreTokenizer pre_tokenizer;
  int failed_blocks = 0;
  for (const auto& [start, expected] : blocks) {
    uint64_t ours = 0xCBF29CE484222325ull, as_huggingface = ours;
    for (char32_t c = start; c < start + 0x1000; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      const std::string cut = cut_around(pre_tokenizer, probe, c);
      ours = testing::fnv1a64(cut + "\n", ours);
      // With Oniguruma's class for the code points whose class it sees differently, we cut as it does.
      const auto differs = huggingface_class.find(c);
      const std::string huggingface_cut =
          differs == huggingface_class.end() ? cut : cut_around(pre_tokenizer, probe, differs->second);
      as_huggingface = testing::fnv1a64(huggingface_cut + "\n", as_huggingface);
    }
    if (ours != expected.unicode || as_huggingface != expected.huggingface) {
      ++failed_blocks;
      ADD_FAILURE() << "code points U+" << std::hex << start << "..U+" << start + 0xFFF << ": "
                    << (ours == expected.unicode ? "" : "the cut differs from GPT-2's pattern with Unicode's classes; ")
                    << (as_huggingface == expected.huggingface ? "" : "the cut differs from Hugging Face's");
    }
  }
  EXPECT_EQ(failed_blocks, 0);
  EXPECT_EQ(differing, 5004);  // docs/02-tokenizer.md §2.11 lists them: all new in Unicode 15.1 and 16.0
}

// ---- the shared data sets ----------------------------------------------------------------------

TEST(SharedData, EverySentenceMatchesHuggingFace) {
  SIMCSE_REQUIRE_SHARED_DATA();
  testing::expect_shared_data_matches(from_vocab_and_merges(), "bpe_shared_data_ids.txt",
                                      "Hugging Face RobertaTokenizerFast");
}

}  // namespace
}  // namespace simcse
