// word_repetition.h — ESimCSE's positive view: the same sentence with a few of its sub-word tokens
// said twice ("a cat sat" -> "a cat cat sat"). Dropout alone gives two views of equal length, and
// the encoder learns that equal length means similar (ESimCSE §1, Figure 1); repeating tokens
// changes the length without changing the meaning, so that shortcut no longer pays.
// Paper: ESimCSE (Wu et al., COLING 2022) §3.1 (word repetition, eq. 1-2), Table 4 (dup_rate)
#pragma once

#include <cstdint>
#include <vector>

#include "simcse/simcse_model.h"

namespace simcse {

// One tokenised sentence ([CLS] ... [SEP], no padding: L tokens) with dup_len of its tokens
// doubled in place. As the public code does it (esimcse train.py, dup_type "bpe"):
//   n = min(10, floor(dup_rate * L));  no repetition when n = 0;
//   dup_len ~ uniform{0, ..., n - 1};
//   dup_len distinct positions drawn from 1 .. L - 2 (never [CLS] or [SEP]), each token there
//   appearing twice.
// The paper's eq. (2) draws dup_len from [0, max(2, floor(dup_rate * L))] over the words; the code
// (followed here) works on sub-words, counts [CLS] and [SEP] in L, caps n at 10 and excludes n itself.
// The draws are Philox numbers (seed, offset, first_number + k), k < 16: the first picks dup_len,
// the next ones the positions (a partial Fisher-Yates shuffle of 1 .. L - 2).
std::vector<int32_t> repeat_words(const std::vector<int32_t>& ids, double dup_rate, uint64_t seed, uint64_t offset,
                                  uint64_t first_number);

// Repeats words in every positive (the second sentence of each example) of a SimCSE batch, drawn
// for training step `step`, and re-pads the batch to its new longest row with `pad_id`. As in the
// public code, a positive may grow past max_seq_length (it was truncated before the repetition).
void repeat_words_in_positives(TrainingBatch& batch, double dup_rate, uint64_t seed, uint64_t step, int32_t pad_id);

}  // namespace simcse
