// analysis.h — the geometry SimCSE uses to explain why its embeddings work, computed on STS-B dev:
//   alignment  = E ||f(x) - f(x+)||^2 over positive pairs (gold score > 4), lower is better;
//   uniformity = log E exp(-2 ||f(x) - f(y)||^2) over all pairs of sentences, lower is better
// (Wang & Isola 2020 with alpha = 2, t = 2, embeddings L2-normalised first, eqs. 2-3);
// the singular values of the embedding matrix (a steep decay = anisotropy, §5 / Appendix F); and
// the cosine similarity of the pairs grouped by their gold score (Appendix G).
// Paper: §2 (eqs. 2-3), §3 (Figure 2), §5 Connection to anisotropy, §7 Analysis (Figure 3), Appendices F and G
#pragma once

#include <string>
#include <vector>

#include "eval/embed_sentences.h"
#include "eval/sts_data.h"

namespace simcse {

// Rows of a and b ([n, hidden] each) are normalised, then mean over i of ||a_i - b_i||^alpha.
double alignment(const Tensor& a, const Tensor& b, double alpha = 2);

// Rows of x [n, hidden] normalised, then log of the mean over the n(n-1)/2 pairs i < j of
// exp(-t ||x_i - x_j||^2) (torch.pdist's pairs). Computed in double.
double uniformity(const Tensor& x, double t = 2);

struct AlignmentUniformity {
  double alignment = 0, uniformity = 0;
  int64_t positive_pairs = 0, sentences = 0;
};

// Positive pairs: STS-B dev pairs with gold > 4; sentences: both sides of every dev pair.
AlignmentUniformity alignment_uniformity(const Tensor& embeddings_a, const Tensor& embeddings_b,
                                         const std::vector<double>& gold);
AlignmentUniformity stsb_alignment_uniformity(const SentenceEncoder& encoder, const std::string& senteval_dir);

// Singular values of x [n, hidden] with rows L2-normalised, largest first.
std::vector<double> singular_values(const Tensor& x);

// Appendix G's groups: gold in [0,1), [1,2), [2,3), [3,4), [4,5] are groups 0..4.
int gold_group(double gold);
struct GoldBucket {
  double low, high;
  std::vector<double> cosines;
};
std::vector<GoldBucket> cosines_by_gold(const std::vector<double>& cosines, const std::vector<double>& gold);

}  // namespace simcse
