// contrastive_loss.cc — InfoNCE over in-batch candidates, as simcse/models.py's cl_forward:
// cosine similarities divided by the temperature, hard-negative columns appended, the weight added
// on each row's own hard negative, cross-entropy with label i for row i.
// Paper: §2 eq. (1), §3 eq. (4), §4 eq. (5); ESimCSE §3.2 eq. (3) (queued negatives)
#include "simcse/contrastive_loss.h"

#include <numeric>

#include "ops/ops.h"

namespace simcse {

Tensor contrastive_loss(const Tensor& anchors, const Tensor& positives, const Tensor& hard_negatives,
                        Scalar temperature, Scalar hard_negative_weight, Scalar margin,
                        const Tensor& queued_negatives) {
  SIMCSE_CHECK(temperature > 0, "contrastive_loss: the temperature must be positive, got ", temperature);
  const int64_t batch = anchors.dim(0);
  Tensor similarity = cosine_matrix(anchors, positives);  // [batch, batch], sim(h_i, h_j+)
  if (margin != 0) {  // the positives' cosines (the diagonal) lowered by m
    std::vector<Scalar> offsets(static_cast<size_t>(batch * batch), 0);
    for (int64_t i = 0; i < batch; ++i) offsets[i * batch + i] = -margin;
    similarity = add(similarity, Tensor::from_vector(similarity.shape(), offsets, similarity.device()));
  }
  Tensor logits = scale(similarity, 1 / temperature);  // [batch, batch]
  if (hard_negatives.defined()) {
    Tensor negative_logits = scale(cosine_matrix(anchors, hard_negatives), 1 / temperature);  // [batch, batch]
    logits = concat({logits, negative_logits}, 1);                                           // [batch, 2 batch]
    if (hard_negative_weight != 0) {
      // eq. (5) with Table 7's weighting: row i's own hard negative (column batch + i) gets +w.
      std::vector<Scalar> weights(static_cast<size_t>(batch * 2 * batch), 0);
      for (int64_t i = 0; i < batch; ++i) weights[i * 2 * batch + batch + i] = hard_negative_weight;
      logits = add(logits, Tensor::from_vector(logits.shape(), weights, logits.device()));
    }
  }
  if (queued_negatives.defined() && queued_negatives.dim(0) > 0)  // [batch, columns + queue]
    logits = concat({logits, scale(cosine_matrix(anchors, queued_negatives), 1 / temperature)}, 1);
  std::vector<int32_t> labels(static_cast<size_t>(batch));  // row i's positive is column i
  std::iota(labels.begin(), labels.end(), 0);
  return cross_entropy(logits, labels);
}

}  // namespace simcse
