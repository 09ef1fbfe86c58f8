// faiss_index.h — FAISS's indexes as SimCSE's tool builds them: IndexFlatIP (exhaustive inner
// product), or IndexIVFFlat over that quantizer with min(100, n) cells of which min(10, n) are
// searched (`faiss_fast=True`). Debian's libfaiss-dev, CPU only.
// Paper: §7 (retrieval with sentence embeddings)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "search/vector_index.h"

namespace simcse {

// kind faiss_flat or faiss_ivf; vectors [count, dimension], unit rows.
std::unique_ptr<VectorIndex> make_faiss_index(IndexKind kind, const std::vector<float>& vectors, int64_t count,
                                              int64_t dimension, const IvfSettings& ivf);

// A FAISS index file written by VectorIndex::save, which must hold an index of `kind` ranking by
// inner product; `path` names it in errors (a truncated or foreign file included).
std::unique_ptr<VectorIndex> load_faiss_index(const std::string& path, IndexKind kind);

}  // namespace simcse
