// contrastive_loss.h — SimCSE's training objective on a batch of sentence embeddings.
// Unsupervised (§3, eq. 4) and supervised (§4, eq. 5) SimCSE differ only in what fills the
// columns: the positives h_j+ of every sentence in the batch, then (supervised) every hard
// negative h_j-, each row's own hard negative shifted by the log-weight `hard_negative_weight`.
// Paper: §2 eq. (1), §3 eq. (4), §4 eq. (5); §6.3 / Table 7 (hard-negative weight); ESimCSE §3.2 eq. (3)
#pragma once

#include "core/tensor.h"

namespace simcse {

// anchors h_i [batch, h], positives h_i+ [batch, h], hard_negatives h_i- [batch, h] or undefined.
//   l_i = -log( e^{(sim(h_i, h_i+) - m)/tau} /
//               ( sum_j e^{(sim(h_i, h_j+) - m[i=j])/tau} + sum_j e^{sim(h_i, h_j-)/tau + w[i=j]} ) )
// averaged over the batch; sim is the cosine. SimCSE's eq. (1) is m = 0. The margin m is the
// text-matching form of the loss (the additive margin of AM-Softmax): the positive must beat every
// negative by m in cosine before its logit wins; m = 0 adds nothing, so the result is eq. (1) bit
// for bit. (The "scale" s of that literature is 1/tau: --loss_scale s is --temp 1/s.)
// queued_negatives [queue, h] (or undefined) adds a column e^{sim(h_i, q_k)/tau} per queued vector
// to every denominator: ESimCSE's momentum-contrast negatives (ESimCSE §3.2, eq. 3). They carry no
// gradient of their own (a momentum encoder made them); the anchors' gradient flows through them.
Tensor contrastive_loss(const Tensor& anchors, const Tensor& positives, const Tensor& hard_negatives,
                        Scalar temperature, Scalar hard_negative_weight = 0, Scalar margin = 0,
                        const Tensor& queued_negatives = Tensor());

}  // namespace simcse
