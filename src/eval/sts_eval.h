// sts_eval.h — scoring an encoder on STS: cosine similarity of each pair's embeddings (in double,
// from the float vectors), correlated with the gold ratings. For STS12-16 SimCSE reports Spearman
// over the concatenation of a year's subsets ("all"); SentEval also gives the plain and the
// size-weighted average of the per-subset numbers ("mean", "wmean"), which Appendix B compares.
// Paper: §6.1 Evaluation setup; Appendix B (Different settings for STS evaluation)
#pragma once

#include <cmath>

#include <string>
#include <vector>

#include "eval/embed_sentences.h"
#include "eval/sts_data.h"

namespace simcse {

struct Correlations {
  double pearson = 0, spearman = 0;  // in [-1, 1]; SimCSE prints 100x
  int64_t pairs = 0;
};

struct StsTaskResult {
  std::string task;
  std::vector<std::pair<std::string, Correlations>> datasets;  // per subset (or the one split)
  Correlations all;                                             // over all pairs concatenated
  double pearson_mean = 0, spearman_mean = 0;                   // unweighted mean over datasets
  double pearson_wmean = 0, spearman_wmean = 0;                 // weighted by pair count
};

// cos(u, v) = u.v / (|u| |v|) in double (exactly 1 when u == v); 0 when undefined (a zero
// vector), as SentEval's nan_to_num turns 0/0 into 0. For Scalar vectors and for the float32 rows
// of stored embeddings (`simcse similarity`, the library) alike.
template <typename T>
double cosine_similarity(const T* u, const T* v, int64_t size) {
  double dot = 0, uu = 0, vv = 0;
  for (int64_t i = 0; i < size; ++i) {
    dot += static_cast<double>(u[i]) * v[i];
    uu += static_cast<double>(u[i]) * u[i];
    vv += static_cast<double>(v[i]) * v[i];
  }
  // dot / sqrt(|u|^2 |v|^2) rather than SentEval's dot / (|u| |v|): the same number, except that
  // identical vectors give exactly 1 (sqrt(d * d) == d in IEEE arithmetic), so pairs of identical
  // sentences tie as they should instead of being ordered by rounding noise.
  const double cosine = dot / std::sqrt(uu * vv);
  return std::isfinite(cosine) ? cosine : 0.0;
}

// The cosine of row i of `a` with row i of `b`, both [n, hidden].
std::vector<double> paired_cosines(const Tensor& a, const Tensor& b);

// The cosine of every pair of the task, its datasets concatenated in order; the sentences are
// embedded in one call (all first sentences, then all second ones).
std::vector<double> task_cosines(const SentenceEncoder& encoder, const StsTask& task);

// Embeds the task's sentences and scores every dataset and their concatenation.
StsTaskResult evaluate_sts(const SentenceEncoder& encoder, const StsTask& task);

// The score SimCSE selects checkpoints by: Spearman on STS-B (dev during training), in [-1, 1].
double stsb_spearman(const SentenceEncoder& encoder, const std::string& senteval_dir, Split split = Split::dev);

}  // namespace simcse
