// word_deletion.h — TSDAE's noise: each word of a sentence is deleted with probability
// deletion_ratio (0.6 in the paper), at least one word always kept, as sentence-transformers'
// DenoisingAutoEncoderDataset.delete damages its input.
// Paper: TSDAE §3 (the noise: token deletion, ratio 0.6), Table 6 (deletion beats the other noises)
#pragma once

#include <cstdint>
#include <string>

namespace simcse {

// The words are BERT's basic tokenizer's (whitespace, and every punctuation mark a word of its own;
// case and accents kept), where sentence-transformers uses nltk's word_tokenize: the two differ on
// contractions ("don't": don ' t here, do n't there), otherwise they split the same. The kept words
// are joined by single spaces (nltk's detokenizer re-attaches punctuation; a WordPiece tokenizer
// gives the same ids either way). Word w of the text is kept when the Philox number drawn for
// (seed, offset, first_number + w) says so, so a run's damage depends only on its seed, step and
// the sentence's place in the batch. A text with no words is returned as it is.
std::string delete_words(const std::string& text, double deletion_ratio, uint64_t seed, uint64_t offset,
                         uint64_t first_number);

}  // namespace simcse
