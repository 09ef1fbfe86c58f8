// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 7: using a trained model through the public library
//
// Everything here goes through `src/simcse.h`, the one header `make install` installs: a program
// outside this project writes the same lines after `#include <simcse/simcse.h>` and links with
// `pkg-config --cflags --libs simcse`. The model is a real published one, all-MiniLM-L6-v2
// (`../shared/data/models/all-MiniLM-L6-v2`: sentence-transformers' files, a `tokenizer.json` and no
// `vocab.txt`), opened with no option: its `modules.json` says mean pooling, then L2 normalisation.
// Without `../shared/data` the notebook is skipped (and fails when CI is set).

// %%
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "notebook.h"
#include "simcse.h"

const std::vector<std::string> kSentences = {
    "A man is playing a guitar.",
    "Someone is playing an instrument.",
    "A woman is slicing an onion.",
    "A chef is chopping vegetables.",
    "The stock market fell sharply today.",
};

void print_matrix(const simcse::Matrix& cosines) {
  std::printf("%-41s", "");
  for (int64_t j = 0; j < cosines.cols; ++j) std::printf("  [%lld]  ", static_cast<long long>(j));
  std::printf("\n");
  for (int64_t i = 0; i < cosines.rows; ++i) {
    std::printf("[%lld] %-37s", static_cast<long long>(i), kSentences[i].c_str());
    for (int64_t j = 0; j < cosines.cols; ++j) std::printf(" %6.3f ", cosines(i, j));
    std::printf("\n");
  }
}

// %% [markdown]
// ## 1. Open, encode, compare
//
// `SentenceModel(dir)` reads config.json, the weights, the tokenizer and the head; `encode` takes
// SimCSE's tool's defaults (batches of 64, unit vectors, 128 tokens); `similarity` is the cosine
// matrix, as `util.cos_sim` and the tool's `similarity` return it.

// %%
void open_encode_compare(const std::string& model_dir) {
  cell_output();
  const simcse::SentenceModel model(model_dir);
  std::printf("head: %s, %lld dimensions, %s\n", model.head().c_str(), static_cast<long long>(model.dimension()),
              simcse::scalar_type());
  const simcse::Matrix vectors = model.encode(kSentences);
  const simcse::Matrix cosines = simcse::similarity(vectors, vectors);
  print_matrix(cosines);
  double largest_norm_error = 0;
  for (int64_t i = 0; i < vectors.rows; ++i) {
    double squares = 0;
    for (int64_t d = 0; d < vectors.cols; ++d) squares += vectors(i, d) * vectors(i, d);
    largest_norm_error = std::max(largest_norm_error, std::abs(std::sqrt(squares) - 1));
  }
  claim(largest_norm_error < 1e-6, "every vector has unit length (the Normalize module, and normalize_to_unit)");
  claim(cosines(0, 1) > cosines(0, 2) && cosines(0, 1) > cosines(0, 4),
        "the guitar sentence is closest to its paraphrase");
  claim(cosines(2, 3) > cosines(2, 0) && cosines(2, 3) > cosines(2, 4),
        "the onion sentence is closest to the chef chopping vegetables");
}

// %% [markdown]
// ## 2. The head is the directory's, unless a pooler is named
//
// SimCSE's tool takes a `pooler` argument that replaces whatever the checkpoint would use;
// `ModelOptions::pooler` does the same. With the [CLS] vector instead of the mean this model (never
// trained to put the sentence in [CLS]) separates the topics less clearly: its mean cosine between
// unrelated sentences rises.

// %%
double mean_unrelated_cosine(const simcse::Matrix& cosines) {
  const int pairs[][2] = {{0, 2}, {0, 4}, {1, 3}, {2, 4}, {3, 4}, {1, 4}};
  double total = 0;
  for (const auto& pair : pairs) total += cosines(pair[0], pair[1]);
  return total / 6;
}

void replace_the_head(const std::string& model_dir) {
  cell_output();
  const simcse::Matrix mean = simcse::SentenceModel(model_dir).similarity(kSentences, kSentences);
  const simcse::SentenceModel cls(model_dir, {"cpu", "cls_before_pooler"});
  const simcse::Matrix cls_cosines = cls.similarity(kSentences, kSentences);
  std::printf("head %-18s mean cosine of unrelated pairs %.3f\n", "avg -> normalize", mean_unrelated_cosine(mean));
  std::printf("head %-18s mean cosine of unrelated pairs %.3f\n", cls.head().c_str(), mean_unrelated_cosine(cls_cosines));
  claim(mean_unrelated_cosine(cls_cosines) > mean_unrelated_cosine(mean),
        "the model's own pooling keeps unrelated sentences further apart than [CLS]");
}

// %%
int main() {
  const std::string model_dir = shared_model_dir("all-MiniLM-L6-v2");
  if (model_dir.empty()) return kNeedsSharedData;
  open_encode_compare(model_dir);
  replace_the_head(model_dir);
}
