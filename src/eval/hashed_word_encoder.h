// hashed_word_encoder.h — a deterministic, model-free sentence encoder: the sum over a sentence's
// words of a pseudo-random vector per word. Sentences sharing words get similar vectors, so its
// STS scores are real (a bag-of-words baseline) yet need no checkpoint: tests, the notebook and the
// reference check (tools/sts_reference.py computes the same vectors) run the whole evaluation on it.
// Paper: §6.1 Evaluation setup (a stand-in encoder for checking the evaluation itself)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eval/embed_sentences.h"

namespace simcse {

// The vector of one word: component d is (splitmix64(fnv1a64(word) + d) >> 40) / 2^23 - 1, a
// multiple of 2^-23 in [-1, 1), so float32 holds it exactly and Python reproduces it bit for bit.
std::vector<double> hashed_word_vector(const std::string& word, int64_t dimension);

// Sentences are split on whitespace; the sum over words (exact in double) is rounded to float once.
SentenceEncoder hashed_word_encoder(int64_t dimension);

}  // namespace simcse
