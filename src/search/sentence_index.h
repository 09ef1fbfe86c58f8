// sentence_index.h — SimCSE's tool as a search engine: `build_index(sentences)` embeds a corpus
// into unit vectors and indexes them; `search(queries, threshold, top_k)` embeds each query and
// returns the corpus sentences nearest by cosine. Saved as a directory the CLI and the server open.
// Paper: §7 (retrieval with sentence embeddings); §2, eq. (1) (cosine similarity)
#pragma once

// The tool's rules (simcse/tool.py), kept exactly:
//   - corpus vectors are L2-normalised (build_index encodes with normalize_to_unit=True), so the
//     inner product every index computes is the cosine;
//   - a query's results are its `top_k` best corpus sentences whose cosine is >= `threshold`
//     (default 0.6; top_k default 5), best first. The tool's exact path filters then sorts, its
//     FAISS path takes FAISS's top_k then filters: the same sentences either way;
//   - FAISS IVF: min(100, n) cells, min(10, n) probed.
// (The tool's exact path, given a list of queries, forgets the caller's threshold and top_k and
// uses the defaults; here they always apply.)
//
// The directory (written as one unit: all of it or none, see save):
//   index.json       format, kind, sizes, the model (fingerprint, dimension, path, head,
//                    max_length) and each file's byte count and SHA-256
//   vectors.npy      float32 [n, d], the unit vectors, row i for sentence i
//   sentences.jsonl  one JSON string per line, sentence i on line i + 1
//   faiss.index      FAISS kinds only: faiss::write_index's file

#include <memory>
#include <string>
#include <vector>

#include "eval/embedding_model.h"
#include "search/vector_index.h"

namespace simcse {

// What the index knows of the model that embedded its corpus.
struct IndexedModel {
  std::string fingerprint;  // search/model_fingerprint.h, of the model with normalize_to_unit
  int64_t dimension = 0;
  std::string path;         // where it was opened from (the default model of `simcse search`)
  std::string head;         // SentenceHead::describe(), for messages
  std::string pooler;       // the pooler named when it was opened ("" = the directory's head)
  int max_length = 0;       // tokens; queries are embedded with the same limit
};

struct IndexBuild {
  IndexKind kind = IndexKind::exact;
  int64_t batch_size = 64;
  int max_length = 0;       // 0: the model's own (EmbeddingModel::default_max_length)
  IvfSettings ivf;
};

struct SearchLimits {
  double threshold = 0.6;   // the tool's defaults
  int64_t top_k = 5;
};

class SentenceIndex {
 public:
  // Embeds `sentences` (none empty or blank, at least one) with `model`, opened from `model_path`.
  // `pooler` is what the model was opened with (EmbeddingModelOptions::pooler), for reopening it.
  SentenceIndex(const EmbeddingModel& model, const std::string& model_path, const std::string& pooler,
                std::vector<std::string> sentences, const IndexBuild& build);
  // Opens a saved index: every file's size and SHA-256 checked against index.json first, so a
  // truncated or altered file is named before anything parses it.
  static SentenceIndex load(const std::string& directory);
  SentenceIndex(SentenceIndex&&) noexcept;
  SentenceIndex& operator=(SentenceIndex&&) noexcept;
  ~SentenceIndex();

  // Writes DIRECTORY atomically: the files go to a sibling staging folder, then one rename (an
  // exchange when DIRECTORY already holds an index) makes them the index. A DIRECTORY that exists
  // and is not an index is refused, never replaced.
  void save(const std::string& directory) const;

  // An error naming both fingerprints and dimensions when `model` is not the index's model.
  void check_model(const EmbeddingModel& model, const std::string& model_path) const;

  // Queries embedded with `model` (check_model first); per query the hits, best first.
  std::vector<std::vector<Neighbor>> search(const EmbeddingModel& model, const std::vector<std::string>& queries,
                                            const SearchLimits& limits) const;
  // The same for query vectors already embedded: [count, dimension], unit rows.
  std::vector<std::vector<Neighbor>> search_vectors(const std::vector<float>& queries, int64_t count,
                                                    const SearchLimits& limits) const;

  int64_t size() const { return static_cast<int64_t>(sentences_.size()); }
  IndexKind kind() const { return index_->kind(); }
  const IndexedModel& model() const { return model_; }
  const std::string& sentence(int64_t id) const { return sentences_.at(static_cast<size_t>(id)); }

 private:
  SentenceIndex() = default;
  std::vector<std::string> sentences_;
  std::vector<float> vectors_;  // [size, dimension] as built (an index opened from disk keeps none)
  std::unique_ptr<VectorIndex> index_;
  IndexedModel model_;
  IvfSettings ivf_;
};

// Queries (or a corpus): at least one, none empty or only white space; `what` names them in errors.
void check_sentences(const std::vector<std::string>& sentences, const std::string& what);

}  // namespace simcse
