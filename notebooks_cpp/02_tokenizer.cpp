// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 2: from a sentence to BERT's input ids
//
// SimCSE feeds BERT exactly what BERT's own tokenizer produces, so this project's tokenizer must
// give the ids Hugging Face's `BertTokenizerFast` gives, one for one. This notebook walks through
// the steps on small examples:
//
// 1. cleaning and splitting a messy sentence into words;
// 2. WordPiece on one word, step by step;
// 3. the tiny_data vocabulary on a tiny_data sentence, and on a word it never saw;
// 4. a batch as SimCSE builds it: `[CLS]`, `[SEP]`, truncation, padding, the attention mask;
// 5. sentence pairs and "longest first" truncation;
// 6. the vocabulary learner on a toy corpus, merge by merge;
// 7. why these choices matter for STS scores;
// 8. RoBERTa's tokenizer instead: byte-level BPE, its merge loop drawn on one word.

// %%
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/error.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/gpt2_pretokenizer.h"
#include "tokenizer/roberta_tokenizer.h"
#include "tokenizer/utf8.h"
#include "tokenizer/vocab_builder.h"
#include "notebook.h"

using namespace simcse;

// A false claim ends the program with an error, so `make notebooks` fails instead of printing a
// wrong page.
std::string joined(const std::vector<std::string>& pieces, const char* separator = " ") {
  std::string out;
  for (const std::string& piece : pieces) out += (out.empty() ? "" : separator) + piece;
  return out;
}

std::vector<std::string> words_of(const BasicTokenizer& basic, std::string_view text) {
  WordList words;
  basic.split(text, words);
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) out.emplace_back(words[i]);
  return out;
}

// A tokenizer over the five special tokens plus `tokens`, for examples small enough to follow.
BertTokenizer toy_tokenizer(const std::vector<std::string>& tokens) {
  std::vector<std::string> all(kSpecialTokens.begin(), kSpecialTokens.end());
  all.insert(all.end(), tokens.begin(), tokens.end());
  return BertTokenizer(Vocabulary::from_tokens(all, "toy vocabulary"), /*lowercase=*/true);
}

void print_matrix(const char* name, const std::vector<int32_t>& values, int64_t rows, int64_t columns) {
  std::printf("%s [%lld, %lld]:\n", name, static_cast<long long>(rows), static_cast<long long>(columns));
  for (int64_t r = 0; r < rows; ++r) {
    std::printf("  ");
    for (int64_t c = 0; c < columns; ++c) std::printf("%4d", values[r * columns + c]);
    std::printf("\n");
  }
}

// %% [markdown]
// ## 1. Cleaning and splitting
//
// Before any vocabulary is consulted, the text is normalised and cut into words (Hugging Face's
// `BertNormalizer` then `BertPreTokenizer`; here `BasicTokenizer`):
//
// * control and format characters are dropped (a zero-width space joins the words around it),
//   every kind of whitespace becomes a space;
// * each CJK ideograph becomes a word of its own (Chinese is written without spaces);
// * uncased models decompose characters (NFD), drop the accents (category Mn) and lowercase;
// * words end at whitespace, and every punctuation mark is a word of its own.

// %%
void section_splitting() {
  cell_output();
  // Between "Café" and "owners" sits an invisible U+200B ZERO WIDTH SPACE (a format character).
  const std::string messy = "Café\u200Bowners   said: \"It's 3.5% cheaper!\" 中文ok";
  std::printf("text:    %s\n", messy.c_str());
  std::printf("uncased: %s\n", joined(words_of(BasicTokenizer(true), messy), " | ").c_str());
  std::printf("cased:   %s\n", joined(words_of(BasicTokenizer(false), messy), " | ").c_str());
  claim(words_of(BasicTokenizer(true), messy).front() == "cafeowners",
        "the zero-width space vanished and joined 'Café' and 'owners'; the accent and capital went too");
}

// %% [markdown]
// ## 2. WordPiece, one word
//
// WordPiece spells a word with the longest vocabulary piece that matches at its start, then the
// longest piece (written with a `##` prefix) that continues it, and so on. If at some position
// nothing matches, the *whole word* becomes `[UNK]`. With the pieces below, "unaffable" can be
// spelled un + ##aff + ##able, but the greedy rule prefers the longer first piece "una":

// %%
void section_wordpiece() {
  cell_output();
  const std::vector<std::string> pieces = {"un", "una", "##aff", "##ffa", "##able", "##ble"};
  std::printf("vocabulary pieces: %s\n", joined(pieces).c_str());
  const std::string word = "unaffable";
  // The same steps WordPiece takes, printed: at each position try the longest candidate first.
  size_t start = 0;
  while (start < word.size()) {
    for (size_t end = word.size(); end > start; --end) {
      const std::string candidate = (start == 0 ? "" : "##") + word.substr(start, end - start);
      const bool found = std::find(pieces.begin(), pieces.end(), candidate) != pieces.end();
      if (found) {
        std::printf("  at byte %zu the longest piece that matches is '%s'\n", start, candidate.c_str());
        start = end;
        break;
      }
    }
  }
  const std::vector<std::string> tokens = toy_tokenizer(pieces).tokenize(word);
  std::printf("tokenize(\"%s\") = %s\n", word.c_str(), joined(tokens).c_str());
  claim(tokens == std::vector<std::string>({"una", "##ffa", "##ble"}), "greedy longest-match gives una ##ffa ##ble");
  claim(toy_tokenizer({"un", "##aff"}).tokenize("unaffable") == std::vector<std::string>({"[UNK]"}),
        "without ##able the whole word is [UNK], not un ##aff [UNK]");
}

// %% [markdown]
// ## 3. The tiny_data vocabulary
//
// `tiny_data/vocab.txt` was learned from `tiny_data/corpus.txt` by `simcse vocab build` (section 6
// shows how). Every word of the corpus is one token in it; a word it never saw is spelled from
// smaller pieces when it can be, and is `[UNK]` when some character is missing altogether.

// %%
void section_tiny_vocabulary(const BertTokenizer& tiny) {
  cell_output();
  std::printf("tiny_data/vocab.txt: %d tokens; [PAD]=%d [UNK]=%d [CLS]=%d [SEP]=%d [MASK]=%d\n", tiny.vocab().size(),
              tiny.vocab().pad_id(), tiny.vocab().unk_id(), tiny.vocab().cls_id(), tiny.vocab().sep_id(),
              tiny.vocab().mask_id());
  for (const char* text : {"A man is playing a guitar.", "The guitarists are cycling", "Zebras!"}) {
    std::printf("  %-30s -> %s\n", text, joined(tiny.tokenize(text)).c_str());
  }
  claim(tiny.tokenize("A man is playing a guitar.").size() == 7, "a corpus sentence is one token per word");
}

// %% [markdown]
// ## 4. A batch, as SimCSE builds it
//
// SimCSE tokenizes a batch with `max_length=32` (Appendix A): each sentence becomes
// `[CLS] pieces [SEP]`, at most 32 tokens, and the rows are padded with `[PAD]` to the longest one.
// The attention mask says which positions are real; BERT's attention gives padding weight 0.

// %%
void section_batch(const BertTokenizer& tiny) {
  cell_output();
  const std::vector<std::string> texts = {"A dog is sleeping on a sofa.", "The cat sleeps.",
                                          "A young girl is watering the plants in the garden at home."};
  const EncodedBatch batch = tiny.encode_batch(texts, 12);
  for (int64_t r = 0; r < batch.batch; ++r) {
    std::vector<std::string> tokens;
    for (int64_t c = 0; c < batch.seq_len; ++c) tokens.push_back(tiny.vocab().token(batch.input_ids[r * batch.seq_len + c]));
    std::printf("row %lld: %s\n", static_cast<long long>(r), joined(tokens).c_str());
  }
  print_matrix("input_ids", batch.input_ids, batch.batch, batch.seq_len);
  print_matrix("attention_mask", batch.attention_mask, batch.batch, batch.seq_len);
  claim(batch.seq_len == 12, "the long third sentence was cut to max_length 12 and sets the width");
  claim(batch.input_ids[batch.seq_len - 1] == tiny.vocab().pad_id(), "shorter rows end in [PAD]");
}

// %% [markdown]
// ## 5. Sentence pairs
//
// Cross-encoders and BERT's next-sentence task read two sentences at once:
// `[CLS] a [SEP] b [SEP]`, token type 0 for the first part and 1 for the second. When the pair is
// too long, Hugging Face's "longest first" rule cuts the longer sentence until both are equally
// long, then splits what is left evenly (the odd token to the longer one).

// %%
void section_pairs(const BertTokenizer& tiny) {
  cell_output();
  const EncodedBatch pair = tiny.encode_pair_batch({"A man is slicing an onion in the kitchen."},
                                                   {"A chef cuts an onion."}, 12);
  std::vector<std::string> tokens;
  for (int32_t id : pair.input_ids) tokens.push_back(tiny.vocab().token(id));
  std::printf("tokens:         %s\n", joined(tokens).c_str());
  print_matrix("token_type_ids", pair.token_type_ids, pair.batch, pair.seq_len);
  const auto type_1 = std::count(pair.token_type_ids.begin(), pair.token_type_ids.end(), 1);
  claim(pair.seq_len == 12 && type_1 == 5, "9 + 6 pieces became 5 + 4: 12 tokens with [CLS] and two [SEP]");
}

// %% [markdown]
// ## 6. Learning a vocabulary
//
// `simcse vocab build` starts from the characters of every word (`h ##u ##g`) and repeatedly merges
// the adjacent pair with the highest score count(ab) / (count(a) * count(b)): pieces that mostly
// occur *together*, not merely often. Here is every merge on a toy corpus of word counts. Note
// "##gs" and then "hugs" come early: "s" only ever follows "g" in "hugs", so the pair scores high
// although "hugs" is rarer than "pun".

// %%
void section_vocab_builder() {
  cell_output();
  const WordCounts counts = {{"hug", 10}, {"pug", 5}, {"pun", 12}, {"bun", 4}, {"hugs", 5}};
  for (const auto& [word, count] : counts) std::printf("%s x%lld  ", word.c_str(), static_cast<long long>(count));
  std::printf("\n");
  const std::vector<std::string> vocab = learn_wordpiece_vocabulary(counts, 1000);
  // After the 5 special tokens come the characters (one character, with or without ##), then merges.
  const auto is_character = [](const std::string& token) {
    const std::string_view text = std::string_view(token).substr(token.starts_with("##") ? 2 : 0);
    return utf8::count_chars(text) == 1;
  };
  std::vector<std::string> characters;
  size_t first_merge = 5;
  while (first_merge < vocab.size() && is_character(vocab[first_merge])) characters.push_back(vocab[first_merge++]);
  std::printf("characters: %s\n", joined(characters).c_str());
  for (size_t i = first_merge; i < vocab.size(); ++i) std::printf("merge %zu: %s\n", i - first_merge + 1, vocab[i].c_str());
  claim(std::find(vocab.begin(), vocab.end(), "hugs") != vocab.end(), "it stops when every word is one token");
}

// %% [markdown]
// ## 7. Why tokenization choices matter for STS scores
//
// A sentence embedding is computed from the token ids, so two sentences can only be recognised
// as the same if they reach the same ids. The uncased model maps "Café" and "cafe" to one token;
// a cased tokenizer on the same vocabulary does not (and it finds no "The" in this toy vocabulary). And each dropped or `[UNK]` word is meaning the
// encoder never sees, while truncation at 32 tokens silently removes the end of long STS sentences.

// %%
void section_sts(const BertTokenizer& tiny) {
  cell_output();
  const std::vector<std::string> vocab_tokens = {"cafe", "café", "Café", "the", "is", "open"};
  std::vector<std::string> all(kSpecialTokens.begin(), kSpecialTokens.end());
  all.insert(all.end(), vocab_tokens.begin(), vocab_tokens.end());
  const BertTokenizer uncased(Vocabulary::from_tokens(all, "toy vocabulary"), true);
  const BertTokenizer cased(Vocabulary::from_tokens(all, "toy vocabulary"), false);
  for (const char* text : {"The Café is open", "the cafe is open"}) {
    std::printf("%-18s uncased: %-22s cased: %s\n", text, joined(uncased.tokenize(text)).c_str(),
                joined(cased.tokenize(text)).c_str());
  }
  claim(uncased.encode_ids("The Café is open") == uncased.encode_ids("the cafe is open"),
        "uncased, the two sentences get identical ids");
  const EncodedBatch long_sentence = tiny.encode_batch(
      {"In the park, the young boy is playing the guitar, and the young girl is singing a song, and the dog is "
       "chasing a ball, and the cat is sleeping on the sofa."},
      32);
  std::vector<std::string> tail;
  for (int64_t c = 26; c < long_sentence.seq_len; ++c) tail.push_back(tiny.vocab().token(long_sentence.input_ids[c]));
  std::printf("a long sentence at max_length 32 ends with: ... %s\n", joined(tail).c_str());
  claim(long_sentence.seq_len == 32, "everything after 30 pieces is cut: the cat never reaches the encoder");
}

// %% [markdown]
// ## 8. RoBERTa's tokenizer: byte-level BPE
//
// Half of SimCSE's released checkpoints are RoBERTa, whose tokenizer is GPT-2's byte-level BPE
// (`RobertaTokenizer`, chapter 2 §2.11). Nothing is normalised: case, accents and every character
// stay. GPT-2's pattern cuts the text into pieces, a word taking the space before it; each piece's
// UTF-8 bytes start as one symbol each, written as printable characters (the space is `Ġ`); then the
// merges learned with the vocabulary are applied, the best-ranked (earliest learned) adjacent pair
// first, until none applies. Every byte is a token, so nothing is ever `[UNK]`. Below, the merge
// loop the slow way, on one word with five merges, next to what the tokenizer gives.

// %%
void section_byte_level_bpe() {
  cell_output();
  std::vector<std::string_view> pieces;
  const std::string text = "It's 3.5% cheaper,  Zoë!";
  Gpt2PreTokenizer().split(text, pieces);
  std::printf("GPT-2 pieces of \"%s\": |%s|\n", text.c_str(), joined({pieces.begin(), pieces.end()}, "|").c_str());

  const std::vector<std::pair<std::string, std::string>> merges = {
      {"l", "o"}, {"e", "s"}, {"es", "t"}, {"lo", "w"}, {"Ġ", "low"}};  // rank = position
  std::vector<std::string> symbols = {"Ġ", "l", "o", "w", "e", "s", "t"};  // the bytes of " lowest"
  std::printf("start: %s\n", joined(symbols).c_str());
  for (;;) {  // the adjacent pair whose merge has the best rank, leftmost on ties
    size_t best_rank = merges.size(), best_position = 0;
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      const auto merge = std::find(merges.begin(), merges.end(), std::make_pair(symbols[i], symbols[i + 1]));
      const auto rank = static_cast<size_t>(merge - merges.begin());
      if (rank < best_rank) best_rank = rank, best_position = i;
    }
    if (best_rank == merges.size()) break;  // no adjacent pair has a merge
    symbols[best_position] += symbols[best_position + 1];
    symbols.erase(symbols.begin() + best_position + 1);
    std::printf("merge rank %zu (%s %s): %s\n", best_rank, merges[best_rank].first.c_str(), merges[best_rank].second.c_str(),
                joined(symbols).c_str());
  }
  BpeFiles toy;  // RoBERTa's five special tokens, the 256 bytes, the merged tokens and the merges
  toy.tokens = {"<s>", "<pad>", "</s>", "<unk>", "<mask>"};
  for (unsigned byte = 0; byte < 256; ++byte) utf8::append(toy.tokens.emplace_back(), byte_to_unicode(byte));
  for (const auto& [left, right] : merges) {
    toy.tokens.push_back(left + right);
    toy.merges.push_back({left, right, "notebook"});
  }
  const std::vector<std::string> tokens = RobertaTokenizer(toy).tokenize(" lowest");
  std::printf("RobertaTokenizer: %s\n", joined(tokens).c_str());
  claim(tokens == symbols, "the tokenizer's O(n log n) loop merges as the slow loop does");

  const RobertaTokenizer learned =
      RobertaTokenizer::from_files("tests/fixtures/tokenizer/bpe/vocab.json", "tests/fixtures/tokenizer/bpe/merges.txt");
  std::printf("8,000-token vocabulary learned on the shared corpus (tests/fixtures/tokenizer/bpe):\n");
  for (const char* sentence : {"A man is playing a guitar.", "Zoë's café 😀"}) {
    std::printf("  %s -> %s\n", sentence, joined(learned.tokenize(sentence)).c_str());
  }
  const std::vector<int32_t> ids = learned.encode_ids("Zoë's café 😀");
  claim(std::find(ids.begin(), ids.end(), learned.vocab().unk_id()) == ids.end(),
        "no <unk>: the emoji is spelled with its four bytes");
}

// %%
int main() {
  const BertTokenizer tiny = BertTokenizer::from_vocab_file("tiny_data/vocab.txt");
  section_splitting();
  section_wordpiece();
  section_tiny_vocabulary(tiny);
  section_batch(tiny);
  section_pairs(tiny);
  section_vocab_builder();
  section_sts(tiny);
  section_byte_level_bpe();
  return 0;
}
