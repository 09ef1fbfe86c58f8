// hashed_word_encoder.cc — the bag-of-hashed-words encoder.
// Paper: §6.1 Evaluation setup
#include "eval/hashed_word_encoder.h"

#include "core/error.h"
#include "eval/senteval_text.h"

namespace simcse {

namespace {

uint64_t fnv1a64(const std::string& bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::vector<double> hashed_word_vector(const std::string& word, int64_t dimension) {
  const uint64_t hash = fnv1a64(word);
  std::vector<double> vector(dimension);
  for (int64_t d = 0; d < dimension; ++d)
    vector[d] = static_cast<double>(splitmix64(hash + static_cast<uint64_t>(d)) >> 40) / 8388608.0 - 1.0;
  return vector;
}

SentenceEncoder hashed_word_encoder(int64_t dimension) {
  SIMCSE_CHECK(dimension > 0, "hashed_word_encoder: dimension must be positive, got ", dimension);
  return [dimension](const std::vector<std::string>& sentences) {
    std::vector<Scalar> rows(sentences.size() * dimension);
    for (size_t i = 0; i < sentences.size(); ++i) {
      std::vector<double> sum(dimension, 0.0);
      for (const std::string& word : python_split_whitespace(sentences[i])) {
        const std::vector<double> vector = hashed_word_vector(word, dimension);
        for (int64_t d = 0; d < dimension; ++d) sum[d] += vector[d];
      }
      for (int64_t d = 0; d < dimension; ++d) rows[i * dimension + d] = static_cast<Scalar>(static_cast<float>(sum[d]));
    }
    return Tensor::from_vector(Shape({static_cast<int64_t>(sentences.size()), dimension}), rows);
  };
}

}  // namespace simcse
