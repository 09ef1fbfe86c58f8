// simcse.cc — the public library (simcse.h) over EmbeddingModel: options mapped, results copied
// into plain matrices, the truncation warning said once per call; the search index of SimCSE's
// tool over SentenceIndex.
// Paper: §1 and §6.1 (sentence embeddings compared by cosine, without fine-tuning); eq. (1); §7 (retrieval)
#include "simcse.h"

#include <algorithm>
#include <iostream>

#include "backend/backend.h"
#include "core/scalar.h"
#include "eval/cosine_similarity.h"
#include "eval/embedding_model.h"
#include "search/sentence_index.h"

namespace simcse {

SentenceModel::SentenceModel(const std::string& model_dir, const ModelOptions& options)
    : model_dir_(model_dir),
      pooler_(options.pooler),
      model_(std::make_unique<EmbeddingModel>(model_dir,
                                              EmbeddingModelOptions{parse_device(options.device), options.pooler, ""})) {}

SentenceModel::~SentenceModel() = default;
SentenceModel::SentenceModel(SentenceModel&&) noexcept = default;
SentenceModel& SentenceModel::operator=(SentenceModel&&) noexcept = default;

Matrix SentenceModel::encode(const std::vector<std::string>& sentences, const EncodeOptions& options) const {
  // Never beyond what the model can read (SimCSE's 128 exceeds a small model's max_position_embeddings).
  const int max_length =
      options.max_length > 0 ? std::min(options.max_length, model_->max_positions()) : model_->default_max_length();
  SentenceVectors vectors = model_->encode(sentences, options.batch_size, max_length, options.normalize_to_unit);
  if (options.warn_truncated && vectors.truncated > 0)
    std::cerr << "simcse: warning: " << vectors.truncated << " sentence(s) longer than " << max_length
              << " tokens were truncated to " << max_length << "\n";
  return Matrix{vectors.rows, vectors.cols, std::move(vectors.values)};
}

Matrix SentenceModel::similarity(const std::vector<std::string>& a, const std::vector<std::string>& b,
                                 const EncodeOptions& options) const {
  return simcse::similarity(encode(a, options), encode(b, options));
}

int64_t SentenceModel::dimension() const { return model_->dimension(); }

std::string SentenceModel::head() const { return model_->head().describe(); }

void SentenceModel::build_index(const std::vector<std::string>& sentences, const IndexOptions& options) {
  IndexBuild build;
  build.kind = !options.use_faiss ? IndexKind::exact : options.faiss_fast ? IndexKind::faiss_ivf : IndexKind::faiss_flat;
  build.batch_size = options.batch_size;
  build.max_length =
      options.max_length > 0 ? std::min(options.max_length, model_->max_positions()) : model_->default_max_length();
  index_ = std::make_unique<SentenceIndex>(*model_, model_dir_, pooler_, sentences, build);
}

std::vector<std::vector<SearchResult>> SentenceModel::search(const std::vector<std::string>& queries,
                                                             const SearchOptions& options) const {
  SIMCSE_CHECK(index_ != nullptr, "search: no index (call build_index or load_index first)");
  const auto hits = index_->search(*model_, queries, SearchLimits{options.threshold, options.top_k});
  std::vector<std::vector<SearchResult>> results(hits.size());
  for (size_t q = 0; q < hits.size(); ++q)
    for (const Neighbor& hit : hits[q]) results[q].push_back(SearchResult{index_->sentence(hit.id), hit.score, hit.id});
  return results;
}

void SentenceModel::save_index(const std::string& directory) const {
  SIMCSE_CHECK(index_ != nullptr, "save_index: no index (call build_index first)");
  index_->save(directory);
}

void SentenceModel::load_index(const std::string& directory) {
  SentenceIndex loaded = SentenceIndex::load(directory);
  loaded.check_model(*model_, model_dir_);
  index_ = std::make_unique<SentenceIndex>(std::move(loaded));
}

Matrix similarity(const Matrix& a, const Matrix& b) {
  SIMCSE_CHECK(a.cols == b.cols, "similarity: vectors of width ", a.cols, " and ", b.cols, " cannot be compared");
  return Matrix{a.rows, b.rows, cosine_similarity_matrix(a.values, a.rows, b.values, b.rows, a.cols)};
}

const char* scalar_type() { return sizeof(Scalar) == 4 ? "float32" : "float64"; }

}  // namespace simcse
