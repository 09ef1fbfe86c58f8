// wordpiece_json.h — BERT's tokenizer in Hugging Face's "fast" file, tokenizer.json, in and out:
// what transformers 5 and sentence-transformers save (and the only tokenizer file they save: no
// vocab.txt). Read when a model directory has no vocab.txt; written with every model we save.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

// What is read, and what is an error naming the field:
//   normalizer      BertNormalizer {clean_text, handle_chinese_chars, strip_accents (null: as
//                   lowercase), lowercase}, or null (none); any other type is an error
//   pre_tokenizer   BertPreTokenizer (split on whitespace and punctuation); any other is an error
//   model           WordPiece {vocab (ids 0 .. n-1), unk_token "[UNK]", continuing_subword_prefix,
//                   max_input_chars_per_word}
//   post_processor  TemplateProcessing or BertProcessing that spell BERT's "[CLS] A [SEP]" and
//                   "[CLS] A [SEP] B [SEP]" (token types 0 then 1); any other layout is an error
//   added_tokens    BERT's five special tokens, each with its vocabulary id; any other is an error
// truncation and padding are call-time settings that transformers and sentence-transformers
// replace at every call, and the decoder turns ids back into text: none of the three is read.

#include <string>

#include "tokenizer/bert_tokenizer.h"

namespace simcse {

// Reads PATH (a tokenizer.json with a WordPiece model).
BertTokenizer read_wordpiece_tokenizer_json(const std::string& path);

// The tokenizer.json of `tokenizer`, as the `tokenizers` library writes it for BertTokenizerFast.
std::string wordpiece_tokenizer_json(const BertTokenizer& tokenizer);

}  // namespace simcse
