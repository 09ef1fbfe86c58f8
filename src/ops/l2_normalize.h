// l2_normalize.h — L2 normalisation of rows and the cosine-similarity matrix sim(h_i, h_j) that
// SimCSE's loss is built on.
// Paper: §2 Background, eq. (1): sim(h1, h2) = h1^T h2 / (||h1|| ||h2||)
#pragma once

#include "core/tensor.h"

namespace simcse {

// Each row divided by max(||row||_2, eps), as torch.nn.functional.normalize (eps 1e-12).
Tensor l2_normalize(const Tensor& x, Scalar eps = Scalar(1e-12));

// a [n, h], b [m, h] -> [n, m] with entry (i, j) = cos(a_i, b_j); as torch's CosineSimilarity
// (eps 1e-8), which divides each vector by max(||v||, eps) before the dot product.
Tensor cosine_matrix(const Tensor& a, const Tensor& b, Scalar eps = Scalar(1e-8));

}  // namespace simcse
