// test_tokenizer.cc — the tokenizer's parts on small hand-made vocabularies, each expectation
// worked out by hand from BERT's rules: UTF-8 decoding, cleaning, CJK spacing, accents, cased
// mode, WordPiece, special tokens, batches with padding, pair truncation, vocabulary errors.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>

#include "file_helpers.h"
#include "core/error.h"
#include "support/test_support.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/truncation.h"
#include "tokenizer/utf8.h"

namespace simcse {
namespace {

using Strings = std::vector<std::string>;

// A vocabulary of the five special tokens (ids 0..4: [PAD] [UNK] [CLS] [SEP] [MASK]) + `tokens`.
BertTokenizer tokenizer_with(const Strings& tokens, bool lowercase = true) {
  Strings all(kSpecialTokens.begin(), kSpecialTokens.end());
  all.insert(all.end(), tokens.begin(), tokens.end());
  return BertTokenizer(Vocabulary::from_tokens(all, "test vocabulary"), lowercase);
}

Strings words_of(std::string_view text, bool lowercase = true) {
  WordList words;
  BasicTokenizer(lowercase).split(text, words);
  Strings out;
  for (size_t i = 0; i < words.size(); ++i) out.emplace_back(words[i]);
  return out;
}

// ---- UTF-8 ----------------------------------------------------------------------------------------

// (code point, length) of every character decoded from `bytes`.
std::vector<std::pair<char32_t, int>> decode_all(std::string_view bytes) {
  std::vector<std::pair<char32_t, int>> out;
  for (size_t position = 0; position < bytes.size();) {
    const utf8::DecodedChar decoded = utf8::decode(bytes, position);
    out.emplace_back(decoded.code_point, decoded.length);
    position += decoded.length;
  }
  return out;
}

TEST(Utf8, DecodesValidCharactersOfEveryLength) {
  using Decoded = std::vector<std::pair<char32_t, int>>;
  EXPECT_EQ(decode_all("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"),
            (Decoded{{U'a', 1}, {0xE9, 2}, {0x4E2D, 3}, {0x1F600, 4}}));  // a é 中 😀
}

TEST(Utf8, ReplacesEachMaximalIllFormedSubsequence) {
  using Decoded = std::vector<std::pair<char32_t, int>>;
  const char32_t bad = utf8::kReplacementCharacter;
  EXPECT_EQ(decode_all("\x80"), (Decoded{{bad, 1}}));                          // stray continuation
  EXPECT_EQ(decode_all("\xC0\xAF"), (Decoded{{bad, 1}, {bad, 1}}));            // overlong '/'
  EXPECT_EQ(decode_all("\xE0\x80\xAF"), (Decoded{{bad, 1}, {bad, 1}, {bad, 1}}));
  EXPECT_EQ(decode_all("\xED\xA0\x80"), (Decoded{{bad, 1}, {bad, 1}, {bad, 1}}));  // a surrogate
  EXPECT_EQ(decode_all("\xF4\x90\x80\x80"), (Decoded{{bad, 1}, {bad, 1}, {bad, 1}, {bad, 1}}));  // > U+10FFFF
  EXPECT_EQ(decode_all("\xE4\xB8" "a"), (Decoded{{bad, 2}, {U'a', 1}}));       // truncated, then ASCII kept
  EXPECT_EQ(decode_all("\xF0\x9F\x98"), (Decoded{{bad, 3}}));                  // truncated at the end
}

// ---- cleaning, splitting, normalising -----------------------------------------------------------

TEST(BasicTokenizer, SplitsOnWhitespaceAndPunctuation) {
  EXPECT_EQ(words_of("Hello,  world!!"), (Strings{"hello", ",", "world", "!", "!"}));
  EXPECT_EQ(words_of("don't"), (Strings{"don", "'", "t"}));
  // ASCII symbols are Unicode symbols (S*), not punctuation, but BERT splits them off too.
  EXPECT_EQ(words_of("a$b+c<d=e>f^g`h|i~j"),
            (Strings{"a", "$", "b", "+", "c", "<", "d", "=", "e", ">", "f", "^", "g", "`", "h", "|", "i", "~", "j"}));
  EXPECT_EQ(words_of("«quote» ¿qué?"), (Strings{"«", "quote", "»", "¿", "que", "?"}));
  EXPECT_EQ(words_of("1€ 2£"), (Strings{"1€", "2£"}));  // non-ASCII symbols stay inside words
  EXPECT_EQ(words_of(" \t\n "), Strings{});
}

TEST(BasicTokenizer, DropsControlAndFormatCharactersAndTurnsWhitespaceIntoSpaces) {
  EXPECT_EQ(words_of("zero\u200Bwidth soft\u00ADhyphen"), (Strings{"zerowidth", "softhyphen"}));
  EXPECT_EQ(words_of(std::string("nul\0inside", 10)), (Strings{"nulinside"}));
  EXPECT_EQ(words_of("replacement\uFFFDchar"), (Strings{"replacementchar"}));
  // U+000B and U+0085 are controls, removed before whitespace is considered: they join words.
  EXPECT_EQ(words_of("vertical\x0Btab next\u0085line"), (Strings{"verticaltab", "nextline"}));
  EXPECT_EQ(words_of("no\u00A0break ideographic\u3000space line\u2028separator"),
            (Strings{"no", "break", "ideographic", "space", "line", "separator"}));
}

TEST(BasicTokenizer, PutsSpacesAroundCjkIdeographsOnly) {
  EXPECT_EQ(words_of("中文abc"), (Strings{"中", "文", "abc"}));
  EXPECT_EQ(words_of("カタカナ ひらがな", false), (Strings{"カタカナ", "ひらがな"}));  // kana: written with spaces
  EXPECT_EQ(words_of("한국어", false), (Strings{"한국어"}));                          // so is Hangul
}

TEST(BasicTokenizer, UncasedLowercasesAndStripsAccents) {
  EXPECT_EQ(words_of("Café ÅNGSTRÖM İstanbul"), (Strings{"cafe", "angstrom", "istanbul"}));
  EXPECT_EQ(words_of("Cafe\u0301"), (Strings{"cafe"}));  // a decomposed accent goes the same way
  // NFD also splits Hangul syllables into jamo: 한 = U+1112 U+1161 U+11AB.
  EXPECT_EQ(words_of("한"), (Strings{"\u1112\u1161\u11AB"}));
  // Lowercasing works character by character, like Rust's char::to_lowercase: no final sigma.
  EXPECT_EQ(words_of("ΣΑΣ"), (Strings{"σασ"}));
}

TEST(BasicTokenizer, CasedModeKeepsCaseAndAccents) {
  EXPECT_EQ(words_of("Café ÅNGSTRÖM", false), (Strings{"Café", "ÅNGSTRÖM"}));
  EXPECT_EQ(words_of("Cafe\u0301", false), (Strings{"Cafe\u0301"}));  // no NFD either
}

TEST(BasicTokenizer, NfdPutsCombiningMarksInCanonicalOrder) {
  // U+1D16D (combining class 226) before U+1D165 (class 216): NFD swaps them. Both are spacing
  // marks (Mc), so uncased BERT keeps them and the order is visible; cased mode does no NFD.
  EXPECT_EQ(words_of("a\U0001D16D\U0001D165"), (Strings{"a\U0001D165\U0001D16D"}));
  EXPECT_EQ(words_of("a\U0001D16D\U0001D165", false), (Strings{"a\U0001D16D\U0001D165"}));
}

// ---- WordPiece --------------------------------------------------------------------------------

TEST(WordPiece, SplitsAWordIntoVocabularyPieces) {
  EXPECT_EQ(tokenizer_with({"un", "##aff", "##able"}).tokenize("unaffable"), (Strings{"un", "##aff", "##able"}));
}

TEST(WordPiece, TakesTheLongestMatchingPieceFirst) {
  // "una" is longer than "un", so it wins even though un + ##aff + ##able would also spell the word.
  const BertTokenizer tokenizer = tokenizer_with({"un", "##aff", "##able", "una", "##ffa", "##ble"});
  EXPECT_EQ(tokenizer.tokenize("unaffable"), (Strings{"una", "##ffa", "##ble"}));
}

TEST(WordPiece, AWordThatCannotBeSpelledIsOneUnknownToken) {
  const BertTokenizer tokenizer = tokenizer_with({"un", "##aff", "hello"});
  EXPECT_EQ(tokenizer.tokenize("hello unaffable hello"), (Strings{"hello", "[UNK]", "hello"}));
}

TEST(WordPiece, TheHundredCharacterLimitCountsCharactersNotBytes) {
  const BertTokenizer tokenizer = tokenizer_with({"a", "##a", "é", "##é"}, /*lowercase=*/false);
  EXPECT_EQ(tokenizer.tokenize(std::string(100, 'a')).size(), 100u);
  EXPECT_EQ(tokenizer.tokenize(std::string(101, 'a')), (Strings{"[UNK]"}));
  std::string hundred_e_acute;
  for (int i = 0; i < 100; ++i) hundred_e_acute += "é";  // 200 bytes, 100 characters
  EXPECT_EQ(tokenizer.tokenize(hundred_e_acute).size(), 100u);
  EXPECT_EQ(tokenizer.tokenize(hundred_e_acute + "é"), (Strings{"[UNK]"}));
}

// ---- special tokens, batches, pairs --------------------------------------------------------------

TEST(BertTokenizer, SpecialTokensWrittenInTheTextStayWhole) {
  const BertTokenizer tokenizer = tokenizer_with({"[", "]", "mask", "x", "y"});
  EXPECT_EQ(tokenizer.tokenize("x[MASK]y"), (Strings{"x", "[MASK]", "y"}));
  EXPECT_EQ(tokenizer.tokenize("[mask]"), (Strings{"[", "mask", "]"}));  // matched case-sensitively
  EXPECT_EQ(tokenizer.tokenize("[[MASK]] [MASK"), (Strings{"[", "[MASK]", "]", "[", "mask"}));
}

TEST(BertTokenizer, EncodeBatchWrapsInClsSepAndPadsToTheLongestRow) {
  const BertTokenizer tokenizer = tokenizer_with({"hello", "world"});  // ids 5, 6
  const EncodedBatch batch = tokenizer.encode_batch({"Hello world", "hello", ""}, 32);
  EXPECT_EQ(batch.batch, 3);
  EXPECT_EQ(batch.seq_len, 4);
  EXPECT_EQ(batch.input_ids, (std::vector<int32_t>{2, 5, 6, 3, /**/ 2, 5, 3, 0, /**/ 2, 3, 0, 0}));
  EXPECT_EQ(batch.attention_mask, (std::vector<int32_t>{1, 1, 1, 1, /**/ 1, 1, 1, 0, /**/ 1, 1, 0, 0}));
  EXPECT_EQ(batch.token_type_ids, std::vector<int32_t>(12, 0));
}

TEST(BertTokenizer, EncodeBatchTruncatesEachRowToMaxLength) {
  const BertTokenizer tokenizer = tokenizer_with({"hello", "world"});
  const EncodedBatch batch = tokenizer.encode_batch({"hello world hello world"}, 4);
  EXPECT_EQ(batch.input_ids, (std::vector<int32_t>{2, 5, 6, 3}));
  EXPECT_EQ(tokenizer.encode_batch({"hello world"}, 2).input_ids, (std::vector<int32_t>{2, 3}));
  EXPECT_NE(testing::error_message_of([&] { tokenizer.encode_batch({"hello"}, 1); }).find("at least 2"), std::string::npos);
  const EncodedBatch empty = tokenizer.encode_batch({}, 32);
  EXPECT_EQ(empty.batch, 0);
  EXPECT_TRUE(empty.input_ids.empty());
}

TEST(BertTokenizer, EncodePairBatchMarksTheSecondSentenceWithTokenType1) {
  const BertTokenizer tokenizer = tokenizer_with({"a", "b", "c"});  // ids 5, 6, 7
  const EncodedBatch batch = tokenizer.encode_pair_batch({"a b", "a"}, {"c", "b c"}, 32);
  EXPECT_EQ(batch.seq_len, 6);
  EXPECT_EQ(batch.input_ids, (std::vector<int32_t>{2, 5, 6, 3, 7, 3, /**/ 2, 5, 3, 6, 7, 3}));
  EXPECT_EQ(batch.token_type_ids, (std::vector<int32_t>{0, 0, 0, 0, 1, 1, /**/ 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(batch.attention_mask, std::vector<int32_t>(12, 1));
  EXPECT_NE(testing::error_message_of([&] { tokenizer.encode_pair_batch({"a"}, {}, 32); }).find("1 first sentences but 0"),
            std::string::npos);
}

TEST(BertTokenizer, EncodePairBatchTruncatesLongestFirst) {
  const BertTokenizer tokenizer = tokenizer_with({"a", "b"});  // ids 5, 6
  // 5 + 5 tokens, max_length 10: 7 remain for the two; the shorter gets 3, the second 4.
  const EncodedBatch batch = tokenizer.encode_pair_batch({"a a a a a"}, {"b b b b b"}, 10);
  EXPECT_EQ(batch.input_ids, (std::vector<int32_t>{2, 5, 5, 5, 3, 6, 6, 6, 6, 3}));
}

TEST(Truncation, LongestFirstCutsTheLongerSentenceThenHalves) {
  const auto kept = [](int64_t first, int64_t second, int64_t budget) {
    const PairLengths lengths = longest_first_lengths(first, second, budget);
    return std::make_pair(lengths.first, lengths.second);
  };
  EXPECT_EQ(kept(3, 3, 10), std::make_pair(int64_t{3}, int64_t{3}));  // fits: untouched
  EXPECT_EQ(kept(2, 8, 7), std::make_pair(int64_t{2}, int64_t{5}));   // only the longer is cut
  EXPECT_EQ(kept(8, 2, 7), std::make_pair(int64_t{5}, int64_t{2}));
  EXPECT_EQ(kept(5, 5, 7), std::make_pair(int64_t{3}, int64_t{4}));   // both: half, odd token to the second
  EXPECT_EQ(kept(9, 1, 4), std::make_pair(int64_t{3}, int64_t{1}));
  EXPECT_EQ(kept(6, 4, 5), std::make_pair(int64_t{3}, int64_t{2}));   // the odd token goes to the longer
}

// ---- vocabulary files -------------------------------------------------------------------------

class VocabularyFile : public ::testing::Test {
 protected:
  std::string write(const std::string& contents) {
    std::ofstream(path_, std::ios::binary) << contents;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::string path_ = (std::filesystem::temp_directory_path() / ("simcse_vocab_" + std::to_string(::getpid()) + ".txt")).string();
};

TEST_F(VocabularyFile, IdIsTheLineIndex) {
  const Vocabulary vocab = Vocabulary::from_file(write("[PAD]\r\nhello\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n##lo\n"));
  EXPECT_EQ(vocab.size(), 7);
  EXPECT_EQ(vocab.id_of("hello"), 1);  // the Windows line ending is not part of "[PAD]"
  EXPECT_EQ(vocab.pad_id(), 0);
  EXPECT_EQ(vocab.mask_id(), 5);
  EXPECT_EQ(vocab.token(6), "##lo");
  EXPECT_EQ(vocab.id_of("absent"), Vocabulary::kNotFound);
  EXPECT_NE(testing::error_message_of([&] { vocab.token(7); }).find("outside the vocabulary"), std::string::npos);
}

// transformers' BertTokenizer reads vocab.txt in Python's text mode: CR and CRLF end lines too.
// A CR-only file used to be one line here, so every special token was "missing".
TEST_F(VocabularyFile, LinesEndAtCrCrlfAndLf) {
  const Vocabulary vocab = Vocabulary::from_file(write("[PAD]\r[UNK]\r\n[CLS]\n[SEP]\r[MASK]\rhello\r"));
  EXPECT_EQ(vocab.size(), 6);
  EXPECT_EQ(vocab.sep_id(), 3);
  EXPECT_EQ(vocab.id_of("hello"), 5);
  EXPECT_NE(testing::error_message_of([&] { Vocabulary::from_file(write("[PAD]\r\r[UNK]")); }).find(path_ + ":2: empty line"),
            std::string::npos);
}

TEST_F(VocabularyFile, ErrorsNameTheFileAndLine) {
  EXPECT_NE(testing::error_message_of([&] { Vocabulary::from_file(write("")); }).find(path_ + ":1: the vocabulary is empty"),
            std::string::npos);
  EXPECT_NE(testing::error_message_of([&] { Vocabulary::from_file(write("[PAD]\n[UNK]\n\n")); }).find(path_ + ":3: empty line"),
            std::string::npos);
  EXPECT_NE(testing::error_message_of([&] { Vocabulary::from_file(write("[PAD]\nhello\n[UNK]\nhello\n")); })
                .find(path_ + ":4: duplicate token \"hello\" (first on line 2)"),
            std::string::npos);
  EXPECT_NE(testing::error_message_of([&] { Vocabulary::from_file(write("[PAD]\n[UNK]\n[CLS]\n[SEP]\nmask\n")); })
                .find(path_ + ": missing special token [MASK] (none of its 5 tokens)"),
            std::string::npos);
  EXPECT_NE(testing::error_message_of([&] { Vocabulary::from_file(path_ + ".absent"); }).find("cannot open vocabulary file"),
            std::string::npos);
}

// ---- invalid UTF-8 ------------------------------------------------------------------------------

TEST(InvalidUtf8, BytesAreDroppedCountedAndReportedOnce) {
  const BertTokenizer tokenizer = tokenizer_with({"caf", "ok", "a"});
  // \xE9 is Latin-1 é: invalid here, replaced by U+FFFD, which cleaning removes inside the word.
  EXPECT_EQ(tokenizer.tokenize("caf\xE9 ok"), (Strings{"caf", "ok"}));
  EXPECT_EQ(tokenizer.replaced_invalid_bytes(), 1);
  EXPECT_EQ(tokenizer.tokenize("\xE4\xB8" "a"), (Strings{"a"}));
  EXPECT_EQ(tokenizer.replaced_invalid_bytes(), 3);
  const std::string warning = tokenizer.take_invalid_utf8_warning("input.txt");
  EXPECT_NE(warning.find("input.txt: 3 byte(s) of invalid UTF-8"), std::string::npos) << warning;
  EXPECT_EQ(tokenizer.take_invalid_utf8_warning("input.txt"), "");  // once only
  EXPECT_EQ(tokenizer_with({}).take_invalid_utf8_warning("clean.txt"), "");
}

}  // namespace
}  // namespace simcse
