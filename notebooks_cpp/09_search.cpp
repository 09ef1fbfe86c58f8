// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 9: a model as a search engine
//
// SimCSE's tool ends its example with retrieval: `build_index(sentences)`, then
// `search(queries)` returns, per query, the corpus sentences whose cosine with it is at least 0.6,
// best first, at most 5. Here are the same calls through `src/simcse.h`, with the same ten
// sentences and two queries as the tool's `__main__`, the model being all-MiniLM-L6-v2
// (`../shared/data/models/all-MiniLM-L6-v2`; without it the notebook is skipped).

// %%
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "notebook.h"
#include "simcse.h"

// SimCSE's tool's example (simcse/tool.py, __main__).
const std::vector<std::string> kSentences = {
    "An animal is biting a persons finger.", "A woman is reading.", "A man is lifting weights in a garage.",
    "A man plays the violin.", "A man is eating food.", "A man plays the piano.", "A panda is climbing.",
    "A man plays a guitar.", "A woman is slicing a meat.", "A woman is taking a picture."};
const std::vector<std::string> kQueries = {"A man is playing music.", "A woman is making a photo."};

void print_results(const std::vector<std::vector<simcse::SearchResult>>& results) {
  for (size_t q = 0; q < results.size(); ++q) {
    std::printf("Retrieval results for query: %s\n", kQueries[q].c_str());
    for (const simcse::SearchResult& result : results[q])
      std::printf("    %-40s (cosine similarity: %.4f)\n", result.sentence.c_str(), result.score);
  }
}

// %% [markdown]
// ## 1. Exact search: every sentence scored, the best kept
//
// Without FAISS the index is the matrix of unit vectors, and a search is one matrix product (this
// project's GEMM) followed by the threshold and the top k: the tool's "naive brute force search".

// %%
void exact_search(simcse::SentenceModel& model) {
  cell_output();
  model.build_index(kSentences);
  const auto results = model.search(kQueries);
  print_results(results);
  claim(results[0].size() == 3 && results[1].size() == 1, "three musicians pass 0.6 for music, one photo for a photo");
  claim(results[1][0].sentence == "A woman is taking a picture.", "the photo query finds the picture");
}

// %% [markdown]
// ## 2. FAISS: the same sentences from IndexFlatIP, and from IVF
//
// `use_faiss` gives FAISS's exhaustive inner-product index; `faiss_fast` its inverted-file index
// with min(100, n) cells of which min(10, n) are searched. With ten sentences that is ten cells, all
// searched: IVF is exact here (on 28,219 real sentences it is not: chapter 9 measures its recall).

// %%
void faiss_search(simcse::SentenceModel& model) {
  cell_output();
  model.build_index(kSentences);
  const auto exact = model.search(kQueries);
  for (bool fast : {false, true}) {
    simcse::IndexOptions options;
    options.use_faiss = true;
    options.faiss_fast = fast;
    model.build_index(kSentences, options);
    const auto results = model.search(kQueries);
    bool same = results.size() == exact.size();
    for (size_t q = 0; same && q < results.size(); ++q) {
      same = results[q].size() == exact[q].size();
      for (size_t j = 0; same && j < results[q].size(); ++j)
        same = results[q][j].id == exact[q][j].id && std::abs(results[q][j].score - exact[q][j].score) < 1e-6f;
    }
    std::printf("%-16s %s\n", fast ? "IndexIVFFlat" : "IndexFlatIP", same ? "the exact search's results" : "DIFFERENT");
    claim(same, "FAISS returns the exact search's sentences and cosines");
  }
}

// %% [markdown]
// ## 3. Threshold and top k
//
// The threshold cuts by cosine, top k by count; a threshold of -1 keeps everything, so top k alone
// decides.

// %%
void threshold_and_top_k(simcse::SentenceModel& model) {
  cell_output();
  model.build_index(kSentences);
  for (const auto& [threshold, top_k] : std::vector<std::pair<double, int>>{{0.6, 5}, {0.3, 5}, {-1.0, 2}, {0.75, 10}}) {
    const auto results = model.search({kQueries[0]}, {threshold, top_k});
    std::printf("threshold %5.2f top_k %2d: %zu result(s)", threshold, top_k, results[0].size());
    if (!results[0].empty()) std::printf(", the last at %.4f", results[0].back().score);
    std::printf("\n");
  }
}

// %% [markdown]
// ## 4. Saved, reopened, and kept to its model
//
// `save_index` writes the directory `simcse search` and `simcse serve` open (vectors, sentences,
// the model's fingerprint). Loading it into the same model works; into the same weights with
// another pooler it is refused, since those vectors would live in another space.

// %%
void save_and_reopen(simcse::SentenceModel& model, const std::string& model_dir) {
  cell_output();
  model.build_index(kSentences);
  const std::string directory = (std::filesystem::temp_directory_path() / "simcse-notebook-09-index").string();
  std::filesystem::remove_all(directory);
  model.save_index(directory);
  simcse::SentenceModel same(model_dir);
  same.load_index(directory);
  std::printf("reopened: %s\n", same.search({kQueries[1]})[0][0].sentence.c_str());
  simcse::SentenceModel other(model_dir, {"cpu", "cls_before_pooler"});
  bool refused = false;
  try {
    other.load_index(directory);
  } catch (const std::runtime_error& error) {
    refused = std::string(error.what()).find("its vectors would not be comparable") != std::string::npos;
  }
  std::printf("the same weights pooled by [CLS]: %s\n", refused ? "refused" : "ACCEPTED");
  claim(refused, "an index refuses a model with another head");
  std::filesystem::remove_all(directory);
}

// %%
int main() {
  const std::string model_dir = shared_model_dir("all-MiniLM-L6-v2");
  if (model_dir.empty()) return kNeedsSharedData;
  simcse::SentenceModel model(model_dir);
  exact_search(model);
  faiss_search(model);
  threshold_and_top_k(model);
  save_and_reopen(model, model_dir);
}
