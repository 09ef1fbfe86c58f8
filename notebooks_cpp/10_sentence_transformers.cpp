// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 10: SimCSE inside sentence-transformers
//
// sentence-transformers trains unsupervised SimCSE as `MultipleNegativesRankingLoss` over `(s, s)`
// pairs. This notebook shows the two are one function: the same sentence vectors go through
// SimCSE's `contrastive_loss` (temperature 0.05) and through `multiple_negatives_ranking_loss`
// (scale 20), and the two losses are printed side by side, bit for bit; then the same with hard
// negatives (supervised SimCSE with weight 0), the symmetric form, and `CosineSimilarityLoss` on
// scored pairs. No model is needed: the vectors are random, the point is the algebra.

// %%
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/philox.h"
#include "notebook.h"
#include "ops/ops.h"
#include "simcse/contrastive_loss.h"
#include "simcse/cosine_similarity_loss.h"
#include "simcse/mnrl_loss.h"

using namespace simcse;

// Fixed pseudo-random vectors [rows, width] from Philox (the project's generator), values in [-1, 1).
Tensor random_vectors(int64_t rows, int64_t width, uint64_t stream) {
  std::vector<Scalar> values(static_cast<size_t>(rows * width));
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<Scalar>(philox_bits(2021, stream, i) / 2147483648.0 - 1.0);
  return Tensor::from_vector(Shape{rows, width}, values);
}

bool same_bits(Scalar a, Scalar b) { return std::memcmp(&a, &b, sizeof(Scalar)) == 0; }

// %% [markdown]
// ## 1. Unsupervised: (s, s) pairs
//
// SimCSE's eq. (1) for sentence i of a batch of N, with h_i and h_i+ the two dropout views:
//
//     l_i = -log( e^{sim(h_i, h_i+)/tau} / sum_j e^{sim(h_i, h_j+)/tau} )
//
// MultipleNegativesRankingLoss with anchors a_i = h_i and documents d_j = h_j+:
//
//     l_i = -log( e^{s cos(a_i, d_i)} / sum_j e^{s cos(a_i, d_j)} )
//
// With s = 1/tau they are the same expression; sentence-transformers' default scale 20 is SimCSE's
// tau = 0.05. Eight "sentences" of 16 dimensions, two views each:

// %%
void unsupervised() {
  cell_output();
  const Tensor views1 = random_vectors(8, 16, 1), views2 = random_vectors(8, 16, 2);
  const Tensor simcse = contrastive_loss(views1, views2, Tensor(), Scalar(0.05));
  const Tensor mnrl = multiple_negatives_ranking_loss(views1, {views2}, Scalar(20));
  std::printf("SimCSE, tau = 0.05:            %.6f\n", simcse.item());
  std::printf("MNRL, scale = 20:              %.6f\n", mnrl.item());
  claim(same_bits(simcse.item(), mnrl.item()), "the two losses have the same bits");
}

// %% [markdown]
// ## 2. Supervised: (anchor, positive, hard negative) triplets
//
// SimCSE's eq. (5) appends the hard negatives' column block; MNRL appends them to the documents
// (sentence-transformers' `torch.cat(embeddings[1:])`). With SimCSE's hard-negative weight 0 they
// agree; a non-zero weight (Table 7) has no MNRL counterpart:

// %%
void supervised() {
  cell_output();
  const Tensor anchors = random_vectors(8, 16, 3), positives = random_vectors(8, 16, 4);
  const Tensor negatives = random_vectors(8, 16, 5);
  const Tensor simcse = contrastive_loss(anchors, positives, negatives, Scalar(0.05), /*hard_negative_weight=*/0);
  const Tensor weighted = contrastive_loss(anchors, positives, negatives, Scalar(0.05), /*hard_negative_weight=*/1);
  const Tensor mnrl = multiple_negatives_ranking_loss(anchors, {positives, negatives}, Scalar(20));
  std::printf("SimCSE, weight 0:              %.6f\n", simcse.item());
  std::printf("MNRL on triplets:              %.6f\n", mnrl.item());
  std::printf("SimCSE, weight 1 (Table 7):    %.6f\n", weighted.item());
  claim(same_bits(simcse.item(), mnrl.item()), "MNRL on triplets is supervised SimCSE with weight 0, bit for bit");
}

// %% [markdown]
// ## 3. The symmetric form, and CosineSimilarityLoss
//
// `MultipleNegativesSymmetricRankingLoss` adds the other direction: every positive must pick its own
// anchor among all anchors (the transposed score matrix), and the two losses are averaged.
// `CosineSimilarityLoss` is not contrastive at all: each scored pair's cosine is pulled to its gold
// score (STS-B's 0-5 divided by 5), mean squared error.

// %%
void symmetric_and_cosine() {
  cell_output();
  const Tensor anchors = random_vectors(8, 16, 6), positives = random_vectors(8, 16, 7);
  const double forward = multiple_negatives_ranking_loss(anchors, {positives}, Scalar(20)).item();
  const double backward = multiple_negatives_ranking_loss(positives, {anchors}, Scalar(20)).item();
  const double both = multiple_negatives_ranking_loss(anchors, {positives}, Scalar(20), /*symmetric=*/true).item();
  std::printf("anchors pick positives: %.6f, positives pick anchors: %.6f, symmetric: %.6f\n", forward, backward, both);
  claim(std::abs(both - (forward + backward) / 2) < 1e-5, "the symmetric loss is the mean of the two directions");

  const Tensor u = random_vectors(4, 16, 8), v = random_vectors(4, 16, 9);
  const std::vector<Scalar> scores = {Scalar(0.9), Scalar(0.1), Scalar(0.6), Scalar(0.0)};
  const std::vector<Scalar> cosines = cosine_matrix(u, v).to_vector();
  for (int i = 0; i < 4; ++i) std::printf("pair %d: cos %+.4f, gold %.2f\n", i, cosines[i * 4 + i], scores[i]);
  std::printf("CosineSimilarityLoss: %.6f\n", cosine_similarity_loss(u, v, scores).item());
}

int main() {
  unsupervised();
  supervised();
  symmetric_and_cosine();
}
