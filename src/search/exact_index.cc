// exact_index.cc — blocks of queries against blocks of corpus rows, scores by one GEMM per pair of
// blocks (backend.h's, Eigen or OpenBLAS), the corpus blocks shared among OpenMP threads, each
// query's best rows kept in a bounded heap.
// Paper: §2, eq. (1) (cosine similarity); §7 (retrieval)
#include "search/exact_index.h"

#include <algorithm>

#include "backend/backend.h"
#include "core/error.h"
#include "core/scalar.h"

namespace simcse {

namespace {

// Scores of 256 queries x 4,096 rows at a time: 4 MB of float scores, in cache-sized GEMMs, and
// never the whole [queries, corpus] matrix (1M rows x 1,000 queries would be 4 GB).
constexpr int64_t kQueryBlock = 256;
constexpr int64_t kCorpusBlock = 4096;

// Keeps the `k` best of the candidates offered (ranks_before), worst at the front: a heap of at
// most k entries, so a query costs O(corpus log k) and O(k) memory whatever the corpus size.
void offer(std::vector<Neighbor>& heap, int64_t k, const Neighbor& candidate) {
  if (static_cast<int64_t>(heap.size()) < k) {
    heap.push_back(candidate);
    std::push_heap(heap.begin(), heap.end(), ranks_before);
  } else if (ranks_before(candidate, heap.front())) {
    std::pop_heap(heap.begin(), heap.end(), ranks_before);
    heap.back() = candidate;
    std::push_heap(heap.begin(), heap.end(), ranks_before);
  }
}

class ExactIndex final : public VectorIndex {
 public:
  ExactIndex(const std::vector<float>& vectors, int64_t count, int64_t dimension)
      : vectors_(vectors.begin(), vectors.end()), count_(count), dimension_(dimension) {}

  IndexKind kind() const override { return IndexKind::exact; }
  int64_t size() const override { return count_; }
  int64_t dimension() const override { return dimension_; }

  std::vector<std::vector<Neighbor>> search(const float* queries, int64_t count, int64_t top_k,
                                            float min_score) const override {
    SIMCSE_CHECK(top_k > 0, "search: top_k must be positive, got ", top_k);
    const int64_t k = std::min(top_k, count_);
    const int64_t blocks = (count_ + kCorpusBlock - 1) / kCorpusBlock;
    std::vector<std::vector<Neighbor>> best(static_cast<size_t>(count));
    Backend& backend = backend_for(Device::cpu);
    for (int64_t q0 = 0; q0 < count; q0 += kQueryBlock) {
      const int64_t queries_here = std::min(kQueryBlock, count - q0);
      const std::vector<Scalar> query_block(queries + q0 * dimension_, queries + (q0 + queries_here) * dimension_);
      // Threads split the corpus blocks (each GEMM then runs on one thread: Eigen does not nest), so
      // one query uses every core too. Each thread keeps its own heaps and merges them at the end;
      // the k best under ranks_before, a strict order, are the same whatever the split.
#pragma omp parallel
      {
        std::vector<std::vector<Neighbor>> mine(static_cast<size_t>(queries_here));
        std::vector<Scalar> scores(static_cast<size_t>(queries_here * std::min(count_, kCorpusBlock)));
#pragma omp for schedule(static)
        for (int64_t block = 0; block < blocks; ++block) {
          const int64_t c0 = block * kCorpusBlock, rows_here = std::min(kCorpusBlock, count_ - c0);
          // scores [queries_here, rows_here] = queries [queries_here, d] x rows [rows_here, d]^T
          GemmArgs gemm;
          gemm.transpose_b = true;
          gemm.m = queries_here, gemm.n = rows_here, gemm.k = dimension_;
          backend.gemm(gemm, query_block.data(), vectors_.data() + c0 * dimension_, scores.data());
          for (int64_t q = 0; q < queries_here; ++q) {
            const Scalar* row = scores.data() + q * rows_here;
            for (int64_t r = 0; r < rows_here; ++r) {
              const float score = static_cast<float>(row[r]);
              if (score >= min_score) offer(mine[q], k, Neighbor{c0 + r, score});
            }
          }
        }
#pragma omp critical(simcse_exact_search_merge)
        for (int64_t q = 0; q < queries_here; ++q)
          for (const Neighbor& candidate : mine[q]) offer(best[static_cast<size_t>(q0 + q)], k, candidate);
      }
    }
    for (std::vector<Neighbor>& heap : best) std::sort(heap.begin(), heap.end(), ranks_before);
    return best;
  }

  void save(const std::string&) const override {}  // the vectors are the index: vectors.npy holds them

 private:
  std::vector<Scalar> vectors_;  // [count, dimension] in the library's scalar type (the GEMM's)
  int64_t count_, dimension_;
};

}  // namespace

std::unique_ptr<VectorIndex> make_exact_index(const std::vector<float>& vectors, int64_t count, int64_t dimension) {
  SIMCSE_CHECK(count > 0 && dimension > 0 && static_cast<int64_t>(vectors.size()) == count * dimension,
               "exact index: ", vectors.size(), " values are not ", count, " rows of ", dimension);
  return std::make_unique<ExactIndex>(vectors, count, dimension);
}

}  // namespace simcse
