// roberta_tokenizer.cc — added tokens, pre-tokenisation and BPE per text, and RoBERTa's sentence
// layout (<s> a </s></s> b </s>) for the batch assembly of encoded_batch.h.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3; max length 32, App. A)
#include "tokenizer/roberta_tokenizer.h"

#include "core/error.h"
#include "tokenizer/utf8.h"

namespace simcse {

RobertaTokenizer RobertaTokenizer::from_files(const std::string& vocab_json, const std::string& merges_txt,
                                              bool add_prefix_space) {
  return RobertaTokenizer(read_vocab_and_merges(vocab_json, merges_txt, add_prefix_space));
}

RobertaTokenizer RobertaTokenizer::from_tokenizer_json(const std::string& path) {
  return RobertaTokenizer(read_tokenizer_json(path));
}

RobertaTokenizer::RobertaTokenizer(const BpeFiles& files)
    : vocab_(Vocabulary::from_tokens(files.tokens, files.vocab_source,
                                     {kRobertaSpecialTokens.pad, kRobertaSpecialTokens.unk, files.cls_token,
                                      files.sep_token, kRobertaSpecialTokens.mask})),
      bpe_(vocab_, files.merges, files.vocab_source),
      added_tokens_(files.added_tokens),
      add_prefix_space_(files.add_prefix_space) {}

void RobertaTokenizer::append_ids(std::string_view text, std::vector<int32_t>& ids, Buffers& buffers) const {
  const size_t invalid = utf8::find_invalid(text);
  SIMCSE_CHECK(invalid == std::string_view::npos, "byte ", invalid + 1, " of the text is not valid UTF-8 (0x",
               std::hex, static_cast<int>(static_cast<unsigned char>(text[invalid])), std::dec,
               "); RoBERTa's tokenizer needs valid UTF-8 text");
  buffers.segments.clear();
  added_tokens_.split(text, buffers.segments);
  for (const TextSegment& segment : buffers.segments) {
    if (segment.added_token_id >= 0) {
      ids.push_back(segment.added_token_id);
      continue;
    }
    std::string_view segment_text = segment.text;
    // add_prefix_space: every stretch of text between added tokens starts with a space, so its first
    // word is spelled as in the middle of a sentence (" Hello" -> "ĠHello", not "Hello").
    if (add_prefix_space_ && !segment_text.starts_with(' ')) {
      buffers.prefixed.assign(1, ' ');
      buffers.prefixed += segment_text;
      segment_text = buffers.prefixed;
    }
    buffers.pieces.clear();
    pre_tokenizer_.split(segment_text, buffers.pieces);
    for (std::string_view piece : buffers.pieces) bpe_.append_ids(piece, ids);
  }
}

std::vector<int32_t> RobertaTokenizer::encode_ids(std::string_view text) const {
  std::vector<int32_t> ids;
  Buffers buffers;
  append_ids(text, ids, buffers);
  return ids;
}

SentenceLayout RobertaTokenizer::layout() const {
  return {vocab_.cls_id(), vocab_.sep_id(), vocab_.pad_id(), /*separators_between=*/2,
          /*second_sentence_has_type_1=*/false};
}

EncodedBatch RobertaTokenizer::encode_batch(const std::vector<std::string>& texts, int max_length) const {
  Buffers buffers;
  return encode_sentences(texts, max_length, layout(),
                          [&](const std::string& text, std::vector<int32_t>& ids) { append_ids(text, ids, buffers); });
}

EncodedBatch RobertaTokenizer::encode_pair_batch(const std::vector<std::string>& first,
                                                 const std::vector<std::string>& second, int max_length) const {
  Buffers buffers;
  return encode_sentence_pairs(first, second, max_length, layout(),
                               [&](const std::string& text, std::vector<int32_t>& ids) { append_ids(text, ids, buffers); });
}

}  // namespace simcse
