// vector_index.cc — index kind names, and the one place that picks the implementation of a kind.
// Paper: §7 (retrieval with sentence embeddings)
#include "search/vector_index.h"

#include "core/error.h"
#include "search/exact_index.h"
#include "search/faiss_index.h"

namespace simcse {

const char* index_kind_name(IndexKind kind) {
  switch (kind) {
    case IndexKind::exact: return "exact";
    case IndexKind::faiss_flat: return "faiss_flat";
    case IndexKind::faiss_ivf: return "faiss_ivf";
  }
  return "?";
}

IndexKind parse_index_kind(const std::string& name) {
  for (IndexKind kind : {IndexKind::exact, IndexKind::faiss_flat, IndexKind::faiss_ivf})
    if (name == index_kind_name(kind)) return kind;
  fail("unknown index kind '", name, "' (exact, faiss_flat or faiss_ivf)");
}

std::unique_ptr<VectorIndex> make_vector_index(IndexKind kind, const std::vector<float>& vectors, int64_t count,
                                               int64_t dimension, const IvfSettings& ivf) {
  if (kind == IndexKind::exact) return make_exact_index(vectors, count, dimension);
  return make_faiss_index(kind, vectors, count, dimension, ivf);
}

}  // namespace simcse
