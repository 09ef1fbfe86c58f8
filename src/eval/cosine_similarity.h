// cosine_similarity.h — the cosine matrix of two sets of sentence vectors held as row-major float
// matrices: every a against every b, as SimCSE's tool `similarity` and sentence-transformers'
// util.cos_sim return it (one pair at a time: cosine_similarity in sts_eval.h).
// Paper: §2, eq. (1): sim(h1, h2) = h1^T h2 / (||h1|| ||h2||)
#pragma once

#include <cstdint>
#include <vector>

namespace simcse {

// a [n, width], b [m, width] -> [n, m] row-major float32, each cosine computed in double.
std::vector<float> cosine_similarity_matrix(const std::vector<float>& a, int64_t n, const std::vector<float>& b,
                                            int64_t m, int64_t width);

}  // namespace simcse
