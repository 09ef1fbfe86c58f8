// test_roberta_tokenizer.cc — byte-level BPE's parts on small hand-made vocabularies, each expectation
// worked out by hand from GPT-2's and RoBERTa's rules: the byte table, the pre-tokenisation pattern,
// the merge loop, added tokens with lstrip/rstrip, <s> … </s> rows and pairs, invalid UTF-8, the
// errors for bad vocab.json / merges.txt / tokenizer.json files, and which tokenizer a directory gets.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "file_helpers.h"
#include "support/test_support.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/byte_level_bpe.h"
#include "tokenizer/gpt2_pretokenizer.h"
#include "tokenizer/load_tokenizer.h"
#include "tokenizer/roberta_tokenizer.h"
#include "tokenizer/utf8.h"

namespace simcse {
namespace {

using Strings = std::vector<std::string>;
using testing::expect_error;
using testing::TempDir;

std::string byte_symbol(unsigned char byte) {
  std::string symbol;
  utf8::append(symbol, byte_to_unicode(byte));
  return symbol;
}

// RoBERTa's five special tokens (ids 0..4: <s> <pad> </s> <unk> <mask>), the 256 byte symbols
// (ids 5..260, byte b = id 5 + b), then `tokens`. Merges are "left right" with rank = index.
BpeFiles toy_files(const Strings& tokens, const Strings& merges) {
  BpeFiles files;
  files.vocab_source = "toy vocabulary";
  files.tokens = {"<s>", "<pad>", "</s>", "<unk>", "<mask>"};
  for (unsigned byte = 0; byte < 256; ++byte) files.tokens.push_back(byte_symbol(static_cast<unsigned char>(byte)));
  files.tokens.insert(files.tokens.end(), tokens.begin(), tokens.end());
  for (size_t i = 0; i < merges.size(); ++i) {
    const size_t space = merges[i].find(' ');
    files.merges.push_back({merges[i].substr(0, space), merges[i].substr(space + 1), "toy merges:" + std::to_string(i + 1)});
  }
  for (int32_t id = 0; id < 5; ++id) files.added_tokens.push_back({files.tokens[id], id});
  return files;
}

Strings pieces_of(std::string_view text) {
  std::vector<std::string_view> pieces;
  Gpt2PreTokenizer().split(text, pieces);
  return Strings(pieces.begin(), pieces.end());
}

// ---- the byte table ---------------------------------------------------------------------------------

TEST(ByteToUnicode, PrintableBytesStandForThemselvesTheOthersMoveAbove255) {
  EXPECT_EQ(byte_to_unicode('a'), U'a');
  EXPECT_EQ(byte_to_unicode('!'), U'!');
  EXPECT_EQ(byte_to_unicode(0xE9), U'\u00E9');  // é, printable in Latin-1
  EXPECT_EQ(byte_to_unicode(0x00), U'\u0100');  // the first non-printable byte
  EXPECT_EQ(byte_to_unicode('\n'), U'\u010A');  // Ċ
  EXPECT_EQ(byte_to_unicode(' '), U'\u0120');   // Ġ: 0x00..0x20 are the 33 first
  EXPECT_EQ(byte_to_unicode(0x7F), U'\u0121');  // DEL comes next
  EXPECT_EQ(byte_to_unicode(0xAD), U'\u0143');  // soft hyphen: the 68th and last
  std::set<char32_t> seen;
  for (unsigned byte = 0; byte < 256; ++byte) seen.insert(byte_to_unicode(static_cast<unsigned char>(byte)));
  EXPECT_EQ(seen.size(), 256u);
}

// ---- GPT-2's pre-tokenisation -------------------------------------------------------------------

TEST(Gpt2PreTokenizer, WordsTakeTheSpaceBeforeThem) {
  EXPECT_EQ(pieces_of("Hello world"), (Strings{"Hello", " world"}));
  EXPECT_EQ(pieces_of("abc123 42! ok"), (Strings{"abc", "123", " 42", "!", " ok"}));
  EXPECT_EQ(pieces_of("Hi, you?!"), (Strings{"Hi", ",", " you", "?!"}));
  EXPECT_EQ(pieces_of(""), Strings{});
}

TEST(Gpt2PreTokenizer, ContractionsAreLowercaseAndTriedFirst) {
  EXPECT_EQ(pieces_of("it's we'll they're"), (Strings{"it", "'s", " we", "'ll", " they", "'re"}));
  EXPECT_EQ(pieces_of("IT'S"), (Strings{"IT", "'", "S"}));  // 'S is not a contraction
  // Inside a run of other characters the apostrophe is just one more: "!'" then "s".
  EXPECT_EQ(pieces_of("!'s"), (Strings{"!'", "s"}));
  EXPECT_EQ(pieces_of(" 's"), (Strings{" '", "s"}));
}

TEST(Gpt2PreTokenizer, WhitespaceLeavesItsLastSpaceToTheNextWord) {
  EXPECT_EQ(pieces_of("a  b"), (Strings{"a", " ", " b"}));        // \s+(?!\S) backtracks one space
  EXPECT_EQ(pieces_of("a    b"), (Strings{"a", "   ", " b"}));
  EXPECT_EQ(pieces_of("a  "), (Strings{"a", "  "}));              // at the end the run stays whole
  EXPECT_EQ(pieces_of("a \tb"), (Strings{"a", " ", "\t", "b"}));  // only U+0020 may lead a word
  EXPECT_EQ(pieces_of("a\t\tb"), (Strings{"a", "\t", "\t", "b"}));
  EXPECT_EQ(pieces_of("\u00A0x \u3000 y"), (Strings{"\u00A0", "x", " \u3000", " y"}));
}

TEST(Gpt2PreTokenizer, UnicodeClassesComeFromUtf8proc) {
  EXPECT_EQ(pieces_of("中文abc"), (Strings{"中文abc"}));                  // Lo and Ll are both \p{L}
  EXPECT_EQ(pieces_of("cafe\u0301s"), (Strings{"cafe", "\u0301", "s"}));  // a mark (Mn) is not a letter
  EXPECT_EQ(pieces_of("x\u00B2 \u216B"), (Strings{"x", "\u00B2", " \u216B"}));  // No and Nl are \p{N}
  EXPECT_EQ(pieces_of("\U0001F600\u200D\U0001F600!"), (Strings{"\U0001F600\u200D\U0001F600!"}));  // So, Cf, Po: other
}

// ---- the merge loop -----------------------------------------------------------------------------

TEST(ByteLevelBpe, MergesTheBestRankedPairUntilNoneIsLeft) {
  // The example of docs/02-tokenizer.md §2.11: " lowest" with five merges.
  const RobertaTokenizer tokenizer(
      toy_files({"lo", "es", "est", "low", "Ġlow"}, {"l o", "e s", "es t", "lo w", "Ġ low"}));
  EXPECT_EQ(tokenizer.tokenize(" lowest"), (Strings{"Ġlow", "est"}));
  EXPECT_EQ(tokenizer.tokenize(" lower"), (Strings{"Ġlow", "e", "r"}));
  EXPECT_EQ(tokenizer.tokenize("slow"), (Strings{"s", "low"}));  // "Ġ low" needs the space
}

TEST(ByteLevelBpe, EqualRanksMergeLeftmostFirstAndRankBeatsPosition) {
  const RobertaTokenizer tokenizer(toy_files({"aa", "ab", "bc"}, {"b c", "a a", "a b"}));
  EXPECT_EQ(tokenizer.tokenize("aaa"), (Strings{"aa", "a"}));
  EXPECT_EQ(tokenizer.tokenize("aaaa"), (Strings{"aa", "aa"}));
  // "a b" could merge first from the left, but "b c" has the better rank.
  EXPECT_EQ(tokenizer.tokenize("abc"), (Strings{"a", "bc"}));
}

TEST(ByteLevelBpe, SpellsEveryByteSoNothingIsUnknown) {
  const RobertaTokenizer tokenizer(toy_files({}, {}));
  EXPECT_EQ(tokenizer.tokenize("é"), (Strings{"Ã", "©"}));  // U+00E9 is the bytes C3 A9
  EXPECT_EQ(tokenizer.tokenize("a\nb"), (Strings{"a", "Ċ", "b"}));
  EXPECT_EQ(tokenizer.encode_ids(std::string("\0", 1)), (std::vector<int32_t>{5}));
  // A long piece is fine: the loop is O(n log n).
  const RobertaTokenizer merging(toy_files({"aa"}, {"a a"}));
  EXPECT_EQ(merging.encode_ids(std::string(100001, 'a')).size(), 50001u);
}

// ---- added tokens ---------------------------------------------------------------------------------

TEST(AddedTokens, SpecialTokensInTheTextStayWholeAndCanStripWhitespace) {
  BpeFiles files = toy_files({}, {});
  EXPECT_EQ(RobertaTokenizer(files).tokenize("a <mask>b</s>"), (Strings{"a", "Ġ", "<mask>", "b", "</s>"}));
  EXPECT_EQ(RobertaTokenizer(files).tokenize("<mask"), (Strings{"<", "m", "a", "s", "k"}));
  files.added_tokens[4].lstrip = true;  // <mask> takes the whitespace before it, as in roberta-base
  files.added_tokens[2].rstrip = true;  // </s> the whitespace after it
  EXPECT_EQ(RobertaTokenizer(files).tokenize("a \t<mask>b</s>  c"), (Strings{"a", "<mask>", "b", "</s>", "c"}));
  // lstrip never takes what the token before already took.
  EXPECT_EQ(RobertaTokenizer(files).tokenize("</s>  <mask>"), (Strings{"</s>", "<mask>"}));
}

TEST(AddedTokens, TheLongestTokenStartingLeftmostWins) {
  BpeFiles files = toy_files({"<m>", "<m>x"}, {});
  files.added_tokens.push_back({"<m>", 261});
  files.added_tokens.push_back({"<m>x", 262});
  EXPECT_EQ(RobertaTokenizer(files).tokenize("a<m>xy<m>"), (Strings{"a", "<m>x", "y", "<m>"}));
}

TEST(AddedTokens, AddPrefixSpaceStartsEveryStretchOfTextWithASpace) {
  BpeFiles files = toy_files({}, {});
  files.add_prefix_space = true;
  EXPECT_EQ(RobertaTokenizer(files).tokenize("a<mask>b c"), (Strings{"Ġ", "a", "<mask>", "Ġ", "b", "Ġ", "c"}));
  EXPECT_EQ(RobertaTokenizer(files).tokenize(" a"), (Strings{"Ġ", "a"}));  // already there: not doubled
  EXPECT_EQ(RobertaTokenizer(files).tokenize(""), Strings{});
}

// ---- rows and pairs --------------------------------------------------------------------------------

TEST(RobertaTokenizer, RowsArePaddedWithPadAndPairsSeparatedByTwoSeps) {
  const RobertaTokenizer tokenizer(toy_files({"Ġb"}, {"Ġ b"}));  // a = 102, b = 103, Ġb = 261
  const EncodedBatch single = tokenizer.encode_batch({"a b", "a"}, kNoTruncation);
  EXPECT_EQ(single.seq_len, 4);
  EXPECT_EQ(single.input_ids, (std::vector<int32_t>{0, 102, 261, 2, 0, 102, 2, 1}));
  EXPECT_EQ(single.attention_mask, (std::vector<int32_t>{1, 1, 1, 1, 1, 1, 1, 0}));
  EXPECT_EQ(single.token_type_ids, std::vector<int32_t>(8, 0));
  const EncodedBatch pair = tokenizer.encode_pair_batch({"a"}, {"a b"}, kNoTruncation);
  EXPECT_EQ(pair.input_ids, (std::vector<int32_t>{0, 102, 2, 2, 102, 261, 2}));
  EXPECT_EQ(pair.token_type_ids, std::vector<int32_t>(7, 0));  // RoBERTa has one token type

  // Truncation: 2 special tokens per row, 4 per pair, then "longest_first" as for BERT.
  EXPECT_EQ(tokenizer.encode_batch({"a a a"}, 4).input_ids, (std::vector<int32_t>{0, 102, 5 + ' ', 2}));
  EXPECT_EQ(tokenizer.encode_pair_batch({"a a a"}, {"a"}, 6).input_ids, (std::vector<int32_t>{0, 102, 2, 2, 102, 2}));
  expect_error([&] { tokenizer.encode_pair_batch({"a"}, {"b"}, 3); }, {"max_length must be at least 4"});
  expect_error([&] { tokenizer.encode_batch({"a"}, 1); }, {"max_length must be at least 2"});
}

TEST(RobertaTokenizer, InvalidUtf8IsAnErrorNamingTheByte) {
  const RobertaTokenizer tokenizer(toy_files({}, {}));
  expect_error([&] { tokenizer.encode_ids("caf\xE9 au lait"); }, {"byte 4 of the text is not valid UTF-8 (0xe9)"});
  expect_error([&] { tokenizer.encode_batch({"ok", "\xF0\x9F\x98"}, 8); }, {"byte 1", "not valid UTF-8"});
  EXPECT_EQ(tokenizer.take_invalid_utf8_warning("input.txt"), "");
}

// ---- bad files ---------------------------------------------------------------------------------------

class BpeFilesOnDisk : public ::testing::Test {
 protected:
  // A valid vocab.json: the specials, the bytes, "ab"; merges.txt: "a b".
  void SetUp() override {
    const BpeFiles files = toy_files({"ab"}, {});
    for (size_t id = 0; id < files.tokens.size(); ++id) vocab_[files.tokens[id]] = id;
    write("vocab.json", vocab_.dump());
    write("merges.txt", "#version: 0.2\na b\n");
  }
  std::string write(const std::string& name, const std::string& contents) {
    testing::write_bytes(dir_ / name, contents);
    return dir_ / name;
  }
  RobertaTokenizer load() { return RobertaTokenizer::from_files(dir_ / "vocab.json", dir_ / "merges.txt"); }

  TempDir dir_;
  nlohmann::json vocab_;
};

TEST_F(BpeFilesOnDisk, ReadsVocabJsonAndMergesTxt) {
  const RobertaTokenizer tokenizer = load();
  EXPECT_EQ(tokenizer.tokenize("abc"), (Strings{"ab", "c"}));
  EXPECT_EQ(tokenizer.vocab().cls_id(), 0);
  EXPECT_EQ(tokenizer.vocab().mask_id(), 4);
  write("merges.txt", "a b\r\n");  // no #version line, a Windows line ending
  EXPECT_EQ(load().tokenize("ab"), (Strings{"ab"}));
}

TEST_F(BpeFilesOnDisk, MergesErrorsNameTheFileAndLine) {
  const std::string merges = dir_ / "merges.txt";
  write("merges.txt", "#version: 0.2\na b\na b c\n");
  expect_error([&] { load(); }, {merges + ":3: expected a merge \"left right\"", "\"a b c\""});
  write("merges.txt", "a b\n\n");
  expect_error([&] { load(); }, {merges + ":2: expected a merge"});
  write("merges.txt", "a b\nab Ω\n");
  expect_error([&] { load(); }, {merges + ":2: the merge \"ab Ω\" names \"Ω\", which is not a token of", "vocab.json"});
  write("merges.txt", "a b\nb c\n");  // "bc" is not in the vocabulary
  expect_error([&] { load(); }, {merges + ":2:", "names \"bc\""});
  write("merges.txt", "a b\na b\n");
  expect_error([&] { load(); }, {merges + ":2: the merge \"a b\" repeats " + merges + ":1"});
  std::filesystem::remove(merges);
  expect_error([&] { load(); }, {merges + ": cannot open"});
}

TEST_F(BpeFilesOnDisk, VocabErrorsNameTheFileAndTheToken) {
  const std::string vocab = dir_ / "vocab.json";
  write("vocab.json", "{\"a\": 0,");
  expect_error([&] { load(); }, {vocab + ": not valid JSON"});
  write("vocab.json", "[\"a\"]");
  expect_error([&] { load(); }, {vocab + ": expected a non-empty object"});
  nlohmann::json gap = vocab_;
  gap["ab"] = 9999;
  write("vocab.json", gap.dump());
  expect_error([&] { load(); }, {vocab + ": the id of \"ab\" is 9999; the 262 ids must be 0 .. 261"});
  nlohmann::json twice = vocab_;
  twice["ab"] = 0;
  twice["zz"] = 261;
  write("vocab.json", twice.dump());
  expect_error([&] { load(); }, {vocab + ": id 0 is given to both"});
  nlohmann::json no_mask = vocab_;
  no_mask.erase("<mask>");
  no_mask["ab"] = 4;
  write("vocab.json", no_mask.dump());
  expect_error([&] { load(); }, {vocab + ": missing special token <mask>"});
  nlohmann::json no_byte = vocab_;
  no_byte.erase("Ġ");
  no_byte["xy"] = vocab_["Ġ"];  // another token takes its id
  write("vocab.json", no_byte.dump());
  expect_error([&] { load(); }, {vocab + ": no token \"Ġ\" for byte 32"});
}

TEST_F(BpeFilesOnDisk, TokenizerJsonAcceptsOnlyWhatRobertaUses) {
  // [["left", "right"]] (written out: nlohmann reads {{"a", "b"}} as the object {"a": "b"}).
  const auto merges = [](const Strings& pair) { return nlohmann::json::array({nlohmann::json(pair)}); };
  nlohmann::json file = {
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
      {"post_processor", {{"type", "RobertaProcessing"}, {"sep", {"</s>", 2}}, {"cls", {"<s>", 0}}}},
      {"added_tokens", nlohmann::json::array({{{"id", 4}, {"content", "<mask>"}, {"lstrip", true}}})},
      {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"vocab", vocab_}, {"merges", merges({"a", "b"})}}}};
  const std::string path = dir_ / "tokenizer.json";
  const auto load_edited = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json edited = file;
    edit(edited);
    write("tokenizer.json", edited.dump());
    return RobertaTokenizer::from_tokenizer_json(path);
  };
  EXPECT_EQ(load_edited([](nlohmann::json&) {}).tokenize("ab <mask>"), (Strings{"ab", "<mask>"}));
  EXPECT_EQ(load_edited([](nlohmann::json& f) { f["model"]["merges"] = nlohmann::json::array({"a b"}); }).tokenize("ab"), (Strings{"ab"}));

  expect_error([&] { load_edited([](nlohmann::json& f) { f["model"]["type"] = "WordPiece"; }); },
               {path + ": model.type is \"WordPiece\": only \"BPE\""});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["model"]["dropout"] = 0.1; }); },
               {path + ": model.dropout is 0.1"});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["model"]["continuing_subword_prefix"] = "##"; }); },
               {path + ": model.continuing_subword_prefix is \"##\""});
  expect_error([&] { load_edited([&](nlohmann::json& f) { f["model"]["merges"] = merges({"a", "zz"}); }); },
               {path + ": model.merges[0]: the merge \"a zz\" names \"zz\""});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["normalizer"] = {{"type", "NFC"}}; }); },
               {path + ": normalizer is {\"type\":\"NFC\"}"});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["pre_tokenizer"]["type"] = "Whitespace"; }); },
               {path + ": pre_tokenizer.type is \"Whitespace\""});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["pre_tokenizer"]["use_regex"] = false; }); },
               {path + ": pre_tokenizer.use_regex is false"});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["post_processor"] = {{"type", "BertProcessing"}}; }); },
               {path + ": post_processor.type is \"BertProcessing\""});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["post_processor"]["cls"] = {"<s>", 7}; }); },
               {path + ": post_processor.cls is [\"<s>\", 7]"});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["added_tokens"][0]["single_word"] = true; }); },
               {path + ": added_tokens[0].single_word is true"});
  expect_error([&] { load_edited([](nlohmann::json& f) { f["added_tokens"][0]["id"] = 3; }); },
               {path + ": added_tokens[0] is \"<mask>\" with id 3"});
}

// ---- which tokenizer a directory holds ------------------------------------------------------------

TEST_F(BpeFilesOnDisk, LoadTokenizerPicksByTheFilesADirectoryHolds) {
  std::unique_ptr<Tokenizer> tokenizer = load_tokenizer(dir_.path(), /*lowercase=*/true);
  EXPECT_NE(dynamic_cast<RobertaTokenizer*>(tokenizer.get()), nullptr);
  EXPECT_EQ(tokenizer->tokenize("ab"), (Strings{"ab"}));

  const std::string bert = dir_ / "bert";  // a BERT directory: tokenizer.json says WordPiece
  std::filesystem::create_directories(bert);
  testing::write_bytes(bert + "/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n");
  testing::write_bytes(bert + "/tokenizer.json", R"({"model": {"type": "WordPiece"}})");
  tokenizer = load_tokenizer(bert, /*lowercase=*/true);
  EXPECT_NE(dynamic_cast<BertTokenizer*>(tokenizer.get()), nullptr);
  EXPECT_EQ(tokenizer->tokenize("Hello"), (Strings{"hello"}));
  EXPECT_NE(dynamic_cast<BertTokenizer*>(load_tokenizer(bert + "/vocab.txt", true).get()), nullptr);

  std::filesystem::remove(dir_ / "merges.txt");
  expect_error([&] { load_tokenizer(dir_.path(), true); }, {": vocab.json is here but merges.txt is missing"});
  expect_error([&] { load_tokenizer(dir_ / "absent", true); }, {"no such tokenizer file or model directory"});
  const std::string empty = dir_ / "empty";
  std::filesystem::create_directories(empty);
  expect_error([&] { load_tokenizer(empty, true); }, {empty + ": no tokenizer here"});
}

}  // namespace
}  // namespace simcse
