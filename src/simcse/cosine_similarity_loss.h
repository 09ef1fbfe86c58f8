// cosine_similarity_loss.h — sentence-transformers' CosineSimilarityLoss: for scored pairs (u_i, v_i,
// y_i), the squared difference between cos(u_i, v_i) and the gold score y_i in [0, 1], averaged.
// It is the regression objective of SBERT (Reimers & Gurevych, 2019) on STS-B-style data, the
// supervised alternative to the contrastive loss that SimCSE's §4 compares with NLI training.
// Paper: §2 eq. (1) (the cosine sim), §4 (supervised training signals); sentence-transformers' losses
#pragma once

#include <vector>

#include "core/tensor.h"

namespace simcse {

// u, v [batch, h]; scores[batch]. loss = mean_i (cos(u_i, v_i) - y_i)^2 (torch.nn.MSELoss).
Tensor cosine_similarity_loss(const Tensor& u, const Tensor& v, const std::vector<Scalar>& scores);

}  // namespace simcse
