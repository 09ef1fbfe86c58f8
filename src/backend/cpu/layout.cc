// layout.cc — CpuBackend: moving values without arithmetic: axis permutation (splitting and merging
// attention heads) and the block copy behind slicing and concatenation (and both their backwards).
// Paper: none (infrastructure)
#include <cstring>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

void CpuBackend::permute(const Scalar* in, const int64_t in_dims[4], const int perm[4], Scalar* out,
                         bool accumulate) {
  const int64_t in_strides[4] = {in_dims[1] * in_dims[2] * in_dims[3], in_dims[2] * in_dims[3], in_dims[3], 1};
  const int64_t out_dims[4] = {in_dims[perm[0]], in_dims[perm[1]], in_dims[perm[2]], in_dims[perm[3]]};
  const int64_t stride[4] = {in_strides[perm[0]], in_strides[perm[1]], in_strides[perm[2]], in_strides[perm[3]]};
  const int64_t outer = out_dims[0] * out_dims[1];
#pragma omp parallel for schedule(static) if (outer * out_dims[2] * out_dims[3] > kParallelThreshold)
  for (int64_t o01 = 0; o01 < outer; ++o01) {
    const int64_t o0 = o01 / out_dims[1], o1 = o01 % out_dims[1];
    Scalar* out_block = out + o01 * out_dims[2] * out_dims[3];
    for (int64_t o2 = 0; o2 < out_dims[2]; ++o2) {
      const Scalar* in_line = in + o0 * stride[0] + o1 * stride[1] + o2 * stride[2];
      Scalar* out_line = out_block + o2 * out_dims[3];
      for (int64_t o3 = 0; o3 < out_dims[3]; ++o3)
        out_line[o3] = accumulate ? out_line[o3] + in_line[o3 * stride[3]] : in_line[o3 * stride[3]];
    }
  }
}

void CpuBackend::copy_block(const Scalar* src, int64_t src_dim, int64_t src_start, Scalar* dst, int64_t dst_dim,
                            int64_t dst_start, int64_t outer, int64_t length, int64_t inner, bool accumulate) {
  const int64_t block = length * inner;  // contiguous in both src and dst
#pragma omp parallel for schedule(static) if (outer * block > kParallelThreshold)
  for (int64_t o = 0; o < outer; ++o) {
    const Scalar* from = src + (o * src_dim + src_start) * inner;
    Scalar* to = dst + (o * dst_dim + dst_start) * inner;
    if (accumulate) {
      for (int64_t i = 0; i < block; ++i) to[i] += from[i];
    } else {
      std::memcpy(to, from, block * sizeof(Scalar));
    }
  }
}

}  // namespace simcse
