// vector_index.h — nearest neighbours by inner product over unit vectors (so by cosine): the index
// behind SimCSE's tool `build_index` / `search`, exact through this project's GEMM or FAISS's
// IndexFlatIP / IndexIVFFlat, all answering the same question the same way.
// Paper: §2, eq. (1) (cosine similarity); §7 (retrieval with sentence embeddings)
#pragma once

// A search returns, per query, the `top_k` corpus rows with the largest inner products that are at
// least `min_score`, best first; equal scores are ordered by row id (the order Python's stable
// `sorted` gives the tool's exact path). IVF searches only the `probed` cells nearest the query,
// so it may miss a neighbour that exact search finds: that is the speed it buys (its recall@10 on
// a real corpus is measured in docs/09-search-and-serve.md).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace simcse {

enum class IndexKind { exact, faiss_flat, faiss_ivf };

// "exact", "faiss_flat", "faiss_ivf" (the names index.json and --faiss use).
const char* index_kind_name(IndexKind kind);
IndexKind parse_index_kind(const std::string& name);  // an error listing the three names

struct Neighbor {
  int64_t id = 0;   // the corpus row
  float score = 0;  // inner product with the query (cosine, the vectors being unit length)
};

// SimCSE's tool: 100 inverted lists, 10 of them searched, each capped at the corpus size.
struct IvfSettings {
  int64_t cells = 100;
  int64_t probed = 10;
};

class VectorIndex {
 public:
  virtual ~VectorIndex() = default;
  virtual IndexKind kind() const = 0;
  virtual int64_t size() const = 0;       // corpus rows
  virtual int64_t dimension() const = 0;  // values per row
  // queries [count, dimension()] -> per query at most top_k neighbours with score >= min_score.
  virtual std::vector<std::vector<Neighbor>> search(const float* queries, int64_t count, int64_t top_k,
                                                    float min_score) const = 0;
  // FAISS kinds: the index as faiss::write_index writes it (exact indexes have no file of their own).
  virtual void save(const std::string& path) const = 0;
};

// vectors [count, dimension] (row-major, unit length) -> an index of `kind`. The IVF index is
// trained (k-means, FAISS's fixed seed) on the same vectors it holds, as the tool does.
std::unique_ptr<VectorIndex> make_vector_index(IndexKind kind, const std::vector<float>& vectors, int64_t count,
                                               int64_t dimension, const IvfSettings& ivf = {});

// The rule that orders results: higher score first, then lower id.
inline bool ranks_before(const Neighbor& a, const Neighbor& b) {
  return a.score > b.score || (a.score == b.score && a.id < b.id);
}

}  // namespace simcse
