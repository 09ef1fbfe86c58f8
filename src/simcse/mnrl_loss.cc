// mnrl_loss.cc — MultipleNegativesRankingLoss: scaled cosines, cross-entropy with label i for row i.
// Paper: §2 eq. (1), §3 eq. (4), §4 eq. (5); sentence-transformers' losses
#include "simcse/mnrl_loss.h"

#include <numeric>

#include "ops/ops.h"

namespace simcse {

Tensor multiple_negatives_ranking_loss(const Tensor& anchors, const std::vector<Tensor>& document_columns,
                                       Scalar scale, bool symmetric) {
  SIMCSE_CHECK(scale > 0, "multiple_negatives_ranking_loss: the scale must be positive, got ", scale);
  SIMCSE_CHECK(!document_columns.empty(), "multiple_negatives_ranking_loss: no documents (the positives come first)");
  const int64_t batch = anchors.dim(0);
  std::vector<int32_t> labels(static_cast<size_t>(batch));  // a_i's positive is document i
  std::iota(labels.begin(), labels.end(), 0);
  // The scores against each column of documents, side by side: [batch, batch * columns].
  std::vector<Tensor> scores;
  for (const Tensor& documents : document_columns) {
    SIMCSE_CHECK(documents.shape() == anchors.shape(), "multiple_negatives_ranking_loss: a column of documents is ",
                 documents.shape().str(), " but the anchors are ", anchors.shape().str());
    scores.push_back(simcse::scale(cosine_matrix(anchors, documents), scale));
  }
  Tensor logits = scores.size() == 1 ? scores[0] : concat(scores, /*axis=*/1);
  Tensor forward = cross_entropy(logits, labels);
  if (!symmetric) return forward;
  // doc_to_query: the positives' scores transposed, row i is p_i against every anchor.
  Tensor positives_to_anchors = permute(scores[0], {1, 0});  // [batch, batch]
  return simcse::scale(add(forward, cross_entropy(positives_to_anchors, labels)), Scalar(0.5));
}

}  // namespace simcse
