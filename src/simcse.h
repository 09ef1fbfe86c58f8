// simcse.h — the public library: open a sentence-embedding model directory, embed sentences, compare
// them by cosine. The one header `make install` puts under include/simcse/; it includes nothing of
// the project's internals, so a program needs only it and libsimcse.a (pkg-config simcse).
// Paper: §1 and §6.1 (sentence embeddings compared by cosine, without fine-tuning); eq. (1); §7 (retrieval)
#pragma once

//   #include <simcse/simcse.h>
//   simcse::SentenceModel model("all-MiniLM-L6-v2");          // or a `simcse train` output, a SimCSE checkpoint
//   simcse::Matrix vectors = model.encode({"A man is playing a guitar.", "Someone plays music."});
//   simcse::Matrix cosines = simcse::similarity(vectors, vectors);   // [2, 2]
//   model.build_index(corpus);                                      // then, per query, the best
//   auto results = model.search({"A man plays music."});           // corpus sentences by cosine
//
// The same calls as SimCSE's tool (simcse/tool.py: SimCSE(name).encode(sentences, batch_size=64,
// normalize_to_unit=True, max_length=128); .similarity(queries, keys)) and sentence-transformers
// (SentenceTransformer(dir).encode(sentences); util.cos_sim(a, b)). The head that turns token
// vectors into a sentence vector is the directory's (sentence-transformers' modules.json, else
// the pooler `simcse train` recorded) unless ModelOptions::pooler names one, as the tool's
// `pooler` argument does. Sentences are embedded in batches of similar length (each batch pads to
// its own longest sentence; padding never changes a vector), and rows come back in input order.
//
// Scalar type: this library computes in float32 (the build `make install` installs), and every
// matrix it returns holds float32. Errors (a missing or malformed file, an unknown pooler, a
// device this build lacks) are thrown as std::runtime_error with a message naming the file.
// The computation threads are OpenMP's (OMP_NUM_THREADS).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace simcse {

class EmbeddingModel;  // the implementation (src/eval/embedding_model.h), not installed
class SentenceIndex;   // the search index (src/search/sentence_index.h), not installed

// A row-major float32 matrix: `rows` sentences (or cosines) of `cols` values each.
struct Matrix {
  int64_t rows = 0, cols = 0;
  std::vector<float> values;  // values[row * cols + col]

  float operator()(int64_t row, int64_t col) const { return values[static_cast<size_t>(row * cols + col)]; }
  const float* row(int64_t row) const { return values.data() + row * cols; }
};

struct ModelOptions {
  std::string device = "cpu";  // or "cuda" (a library built with make CUDA=1)
  std::string pooler;          // "" = the directory's head; else cls, cls_before_pooler, avg, avg_top2,
                               // avg_first_last, max, mean_sqrt_len, weighted_mean or last_token
};

struct EncodeOptions {
  int batch_size = 64;            // sentences per forward pass
  bool normalize_to_unit = true;  // divide each vector by its L2 norm (the tool's default)
  int max_length = 128;           // tokens, [CLS] and [SEP] included, at most the model's
                                  // max_position_embeddings; 0 = the model's own limit
                                  // (sentence-transformers' max_seq_length, else max_position_embeddings)
  bool warn_truncated = true;     // one line on standard error when sentences were cut to max_length
};

// SimCSE's tool build_index(sentences, use_faiss, faiss_fast, batch_size): the corpus embedded as
// unit vectors, then searched exhaustively through this library's GEMM, or by FAISS.
struct IndexOptions {
  bool use_faiss = false;   // FAISS's IndexFlatIP instead of the library's own exact search (same results)
  bool faiss_fast = false;  // with use_faiss: IndexIVFFlat, min(100, n) cells, min(10, n) searched
  int batch_size = 64;
  int max_length = 128;     // as EncodeOptions::max_length (the tool's encode default)
};

// SimCSE's tool search(queries, threshold=0.6, top_k=5): per query, its top_k corpus sentences
// whose cosine is at least threshold, best first (equal cosines: earlier corpus sentence first).
struct SearchOptions {
  double threshold = 0.6;
  int top_k = 5;
};

struct SearchResult {
  std::string sentence;
  float score = 0;  // the cosine
  int64_t id = 0;   // the sentence's position in the corpus
};

class SentenceModel {
 public:
  // Opens MODEL_DIR: config.json, model.safetensors or pytorch_model.bin, vocab.txt or tokenizer.json,
  // and modules.json (+ its module folders) or simcse_config.json when they are there.
  explicit SentenceModel(const std::string& model_dir, const ModelOptions& options = {});
  ~SentenceModel();
  SentenceModel(SentenceModel&&) noexcept;
  SentenceModel& operator=(SentenceModel&&) noexcept;

  // [sentences.size(), dimension()]; an empty list gives a 0 x dimension() matrix.
  Matrix encode(const std::vector<std::string>& sentences, const EncodeOptions& options = {}) const;
  // Cosines of every sentence of `a` with every sentence of `b`: [a.size(), b.size()].
  Matrix similarity(const std::vector<std::string>& a, const std::vector<std::string>& b,
                    const EncodeOptions& options = {}) const;

  int64_t dimension() const;  // the width of a sentence vector
  std::string head() const;   // what makes the sentence vector, e.g. "avg -> normalize"

  // Replaces the model's index by one of `sentences` (at least one; none empty).
  void build_index(const std::vector<std::string>& sentences, const IndexOptions& options = {});
  // One list of results per query (none empty); an error when no index was built or loaded.
  std::vector<std::vector<SearchResult>> search(const std::vector<std::string>& queries,
                                                const SearchOptions& options = {}) const;
  // The index as a directory `simcse search` and `simcse serve` open (written atomically), and
  // back: loading checks that the index was built by this model (weights, head, normalisation).
  void save_index(const std::string& directory) const;
  void load_index(const std::string& directory);

 private:
  std::string model_dir_, pooler_;
  std::unique_ptr<EmbeddingModel> model_;
  std::unique_ptr<SentenceIndex> index_;
};

// Cosines of every row of `a` with every row of `b`: [a.rows, b.rows] (util.cos_sim).
Matrix similarity(const Matrix& a, const Matrix& b);

// "float32": the scalar type this library was built with.
const char* scalar_type();

}  // namespace simcse
