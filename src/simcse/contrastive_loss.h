// contrastive_loss.h — SimCSE's training objective on a batch of sentence embeddings.
// Unsupervised (§3, eq. 4) and supervised (§4, eq. 5) SimCSE differ only in what fills the
// columns: the positives h_j+ of every sentence in the batch, then (supervised) every hard
// negative h_j-, each row's own hard negative shifted by the log-weight `hard_negative_weight`.
// Paper: §2 eq. (1), §3 eq. (4), §4 eq. (5); §6.3 / Table 7 (hard-negative weight)
#pragma once

#include "core/tensor.h"

namespace simcse {

// anchors h_i [batch, h], positives h_i+ [batch, h], hard_negatives h_i- [batch, h] or undefined.
//   l_i = -log( e^{sim(h_i, h_i+)/tau} / ( sum_j e^{sim(h_i, h_j+)/tau} + sum_j e^{sim(h_i, h_j-)/tau + w[i=j]} ) )
// averaged over the batch; sim is the cosine. Returns the scalar loss.
Tensor contrastive_loss(const Tensor& anchors, const Tensor& positives, const Tensor& hard_negatives,
                        Scalar temperature, Scalar hard_negative_weight = 0);

}  // namespace simcse
