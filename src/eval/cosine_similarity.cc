// cosine_similarity.cc — every pair of rows of two matrices, in parallel over the rows of a.
// Paper: §2, eq. (1): sim(h1, h2) = h1^T h2 / (||h1|| ||h2||)
#include "eval/cosine_similarity.h"

#include "core/error.h"
#include "eval/sts_eval.h"

namespace simcse {

std::vector<float> cosine_similarity_matrix(const std::vector<float>& a, int64_t n, const std::vector<float>& b,
                                            int64_t m, int64_t width) {
  SIMCSE_CHECK(static_cast<int64_t>(a.size()) == n * width && static_cast<int64_t>(b.size()) == m * width,
               "cosine_similarity_matrix: a holds ", a.size(), " values and b ", b.size(), ", not [", n, ", ", width,
               "] and [", m, ", ", width, "]");
  std::vector<float> result(static_cast<size_t>(n * m));
#pragma omp parallel for schedule(static) if (n * m * width > 1 << 16)
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j)
      result[i * m + j] = static_cast<float>(cosine_similarity(a.data() + i * width, b.data() + j * width, width));
  return result;
}

}  // namespace simcse
