// faiss_index.cc — FAISS's IndexFlatIP and IndexIVFFlat behind VectorIndex: building, searching
// (FAISS's top-k, then the threshold, as the tool's FAISS path), writing and reading the file,
// FAISS's exceptions turned into errors naming the file.
// Paper: §7 (retrieval with sentence embeddings)
#include "search/faiss_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_io.h>

#include <algorithm>

#include "core/error.h"

namespace simcse {

namespace {

class FaissIndex final : public VectorIndex {
 public:
  FaissIndex(IndexKind kind, std::unique_ptr<faiss::Index> index) : kind_(kind), index_(std::move(index)) {}

  IndexKind kind() const override { return kind_; }
  int64_t size() const override { return index_->ntotal; }
  int64_t dimension() const override { return index_->d; }

  std::vector<std::vector<Neighbor>> search(const float* queries, int64_t count, int64_t top_k,
                                            float min_score) const override {
    SIMCSE_CHECK(top_k > 0, "search: top_k must be positive, got ", top_k);
    const int64_t k = std::min(top_k, size());
    std::vector<float> scores(static_cast<size_t>(count * k));
    std::vector<faiss::Index::idx_t> ids(static_cast<size_t>(count * k));
    index_->search(count, queries, k, scores.data(), ids.data());
    std::vector<std::vector<Neighbor>> results(static_cast<size_t>(count));
    for (int64_t q = 0; q < count; ++q) {
      for (int64_t j = 0; j < k; ++j) {
        const size_t at = static_cast<size_t>(q * k + j);
        // IVF answers -1 when the probed cells hold fewer than k rows.
        if (ids[at] >= 0 && scores[at] >= min_score) results[q].push_back(Neighbor{ids[at], scores[at]});
      }
      // FAISS orders equal scores by its own heap; the project's rule is by id.
      std::stable_sort(results[q].begin(), results[q].end(), ranks_before);
    }
    return results;
  }

  void save(const std::string& path) const override {
    try {
      faiss::write_index(index_.get(), path.c_str());
    } catch (const std::exception& error) {
      fail(path, ": cannot write the FAISS index (", error.what(), ")");
    }
  }

 private:
  IndexKind kind_;
  std::unique_ptr<faiss::Index> index_;
};

}  // namespace

std::unique_ptr<VectorIndex> make_faiss_index(IndexKind kind, const std::vector<float>& vectors, int64_t count,
                                              int64_t dimension, const IvfSettings& ivf) {
  SIMCSE_CHECK(count > 0 && dimension > 0 && static_cast<int64_t>(vectors.size()) == count * dimension,
               "FAISS index: ", vectors.size(), " values are not ", count, " rows of ", dimension);
  SIMCSE_CHECK(ivf.cells > 0 && ivf.probed > 0, "FAISS IVF: cells (", ivf.cells, ") and probed cells (", ivf.probed,
               ") must be positive");
  try {
    if (kind == IndexKind::faiss_flat) {
      auto index = std::make_unique<faiss::IndexFlatIP>(dimension);
      index->add(count, vectors.data());
      return std::make_unique<FaissIndex>(kind, std::move(index));
    }
    SIMCSE_CHECK(kind == IndexKind::faiss_ivf, "make_faiss_index: ", index_kind_name(kind), " is not a FAISS kind");
    // The IVF index owns its quantizer (own_fields), so the pair lives and dies as one index.
    auto* quantizer = new faiss::IndexFlatIP(dimension);
    auto index = std::make_unique<faiss::IndexIVFFlat>(quantizer, dimension, std::min(ivf.cells, count),
                                                       faiss::METRIC_INNER_PRODUCT);
    index->own_fields = true;
    index->cp.min_points_per_centroid = 1;  // FAISS would warn below 39 vectors per cell; the tool accepts any corpus
    index->train(count, vectors.data());
    index->add(count, vectors.data());
    index->nprobe = static_cast<size_t>(std::min(ivf.probed, count));
    return std::make_unique<FaissIndex>(kind, std::move(index));
  } catch (const faiss::FaissException& error) {
    fail("FAISS ", index_kind_name(kind), " index of ", count, " x ", dimension, ": ", error.what());
  }
}

std::unique_ptr<VectorIndex> load_faiss_index(const std::string& path, IndexKind kind) {
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::read_index(path.c_str()));
  } catch (const std::exception& error) {
    fail(path, ": not a readable FAISS index (", error.what(), ")");
  }
  const bool is_ivf = dynamic_cast<faiss::IndexIVFFlat*>(index.get()) != nullptr;
  const bool is_flat = dynamic_cast<faiss::IndexFlatIP*>(index.get()) != nullptr;
  SIMCSE_CHECK((kind == IndexKind::faiss_ivf && is_ivf) || (kind == IndexKind::faiss_flat && is_flat), path,
               ": holds a FAISS index of another type than ", index_kind_name(kind));
  SIMCSE_CHECK(index->metric_type == faiss::METRIC_INNER_PRODUCT, path, ": the FAISS index does not rank by inner product");
  return std::make_unique<FaissIndex>(kind, std::move(index));
}

}  // namespace simcse
