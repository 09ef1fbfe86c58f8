// exact_index.h — exhaustive search through this project's GEMM: every corpus row's inner product
// with every query, the best kept per query. What SimCSE's tool does without FAISS (numpy's
// cosine_similarity of the query with the whole matrix), in blocks so memory stays bounded.
// Paper: §2, eq. (1) (cosine similarity); §7 (retrieval)
#pragma once

#include <memory>
#include <vector>

#include "search/vector_index.h"

namespace simcse {

// vectors [count, dimension], unit rows; copied into the index.
std::unique_ptr<VectorIndex> make_exact_index(const std::vector<float>& vectors, int64_t count, int64_t dimension);

}  // namespace simcse
