// mnrl_loss.h — sentence-transformers' MultipleNegativesRankingLoss: for each anchor a_i, a softmax
// over every candidate document of the batch (all positives, then all hard negatives) whose right
// answer is its own positive p_i. It is SimCSE's InfoNCE written with a scale instead of a
// temperature: with scale s = 1/tau, (s, s) pairs and dropout it is unsupervised SimCSE (eq. 4);
// with (anchor, positive, negative) triplets it is supervised SimCSE with hard-negative weight 0
// (eq. 5). The symmetric form (MultipleNegativesSymmetricRankingLoss, or MNRL with directions
// query_to_doc + doc_to_query, partition_mode per_direction) also asks every positive p_i to pick
// its own anchor among all anchors, and averages the two losses.
// Paper: §2 eq. (1), §3 eq. (4), §4 eq. (5) (the same objective); sentence-transformers' losses
#pragma once

#include <vector>

#include "core/tensor.h"

namespace simcse {

// anchors [batch, h]; document_columns: the positives [batch, h] (row i is a_i's), then each column
// of hard negatives [batch, h], whose rows together are sentence-transformers' torch.cat(embeddings[1:]).
//   forward_i  = -log( e^{s cos(a_i, p_i)} / sum_j e^{s cos(a_i, d_j)} )
//   backward_i = -log( e^{s cos(a_i, p_i)} / sum_j e^{s cos(a_j, p_i)} )     (symmetric only)
// loss = mean_i forward_i, or mean_i (forward_i + backward_i) / 2 when symmetric.
Tensor multiple_negatives_ranking_loss(const Tensor& anchors, const std::vector<Tensor>& document_columns,
                                       Scalar scale, bool symmetric = false);

}  // namespace simcse
