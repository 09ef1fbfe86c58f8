// cosine_similarity_loss.cc — MSE between each pair's cosine and its score.
// Paper: §2 eq. (1), §4; sentence-transformers' losses
#include "simcse/cosine_similarity_loss.h"

#include "ops/ops.h"

namespace simcse {

Tensor cosine_similarity_loss(const Tensor& u, const Tensor& v, const std::vector<Scalar>& scores) {
  const int64_t batch = u.dim(0), hidden = u.dim(1);
  SIMCSE_CHECK(v.shape() == u.shape(), "cosine_similarity_loss: u is ", u.shape().str(), " but v is ", v.shape().str());
  SIMCSE_CHECK(static_cast<int64_t>(scores.size()) == batch, "cosine_similarity_loss: ", scores.size(), " scores for ",
               batch, " pairs");
  // cos(u_i, v_i) = <u_i / ||u_i||, v_i / ||v_i||>: one [1, h] x [h, 1] product per pair.
  Tensor u_rows = reshape(l2_normalize(u, Scalar(1e-8)), {batch, 1, hidden});
  Tensor v_columns = reshape(l2_normalize(v, Scalar(1e-8)), {batch, hidden, 1});
  Tensor cosines = reshape(batched_matmul(u_rows, v_columns), {batch});  // [batch]
  Tensor error = sub(cosines, Tensor::from_vector(Shape{batch}, scores, cosines.device()));
  return mean(mul(error, error));
}

}  // namespace simcse
