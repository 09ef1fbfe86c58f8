// layout.cu — CudaBackend: moving values without arithmetic. permute reorders the axes of a rank-4
// tensor (splitting and merging attention heads); copy_block copies a slab between two tensors seen
// as [outer, axis, inner] (slicing, concatenation and both their backwards). One thread per output
// element: consecutive threads write consecutive addresses, and for the head split they also read
// runs of head_dim consecutive values.
// Paper: none (infrastructure)
#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

using cuda::global_thread_index;
using cuda::grid_thread_count;

namespace {

// Output dims, and for each output axis the input stride it walks.
struct PermuteLayout {
  int64_t out_dims[4];
  int64_t in_strides[4];
};

__global__ void permute_kernel(const Scalar* in, PermuteLayout layout, Scalar* out, int64_t count, bool accumulate) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count()) {
    int64_t rest = i, source = 0;
    for (int axis = 3; axis >= 0; --axis) {  // split i into output coordinates, last axis fastest
      source += rest % layout.out_dims[axis] * layout.in_strides[axis];
      rest /= layout.out_dims[axis];
    }
    out[i] = accumulate ? out[i] + in[source] : in[source];
  }
}

__global__ void copy_block_kernel(const Scalar* src, int64_t src_dim, int64_t src_start, Scalar* dst, int64_t dst_dim,
                                  int64_t dst_start, int64_t outer, int64_t block, int64_t inner, bool accumulate) {
  for (int64_t i = global_thread_index(); i < outer * block; i += grid_thread_count()) {
    const int64_t o = i / block, offset = i % block;  // block = length * inner values, contiguous on both sides
    const Scalar value = src[(o * src_dim + src_start) * inner + offset];
    Scalar& target = dst[(o * dst_dim + dst_start) * inner + offset];
    target = accumulate ? target + value : value;
  }
}

}  // namespace

void CudaBackend::permute(const Scalar* in, const int64_t in_dims[4], const int perm[4], Scalar* out,
                          bool accumulate) {
  const int64_t in_strides[4] = {in_dims[1] * in_dims[2] * in_dims[3], in_dims[2] * in_dims[3], in_dims[3], 1};
  PermuteLayout layout;
  for (int axis = 0; axis < 4; ++axis) {
    layout.out_dims[axis] = in_dims[perm[axis]];
    layout.in_strides[axis] = in_strides[perm[axis]];
  }
  const int64_t count = in_dims[0] * in_dims[1] * in_dims[2] * in_dims[3];
  SIMCSE_LAUNCH(permute_kernel, cuda::blocks_for(count), cuda::kBlockThreads, in, layout, out, count, accumulate);
}

void CudaBackend::copy_block(const Scalar* src, int64_t src_dim, int64_t src_start, Scalar* dst, int64_t dst_dim,
                             int64_t dst_start, int64_t outer, int64_t length, int64_t inner, bool accumulate) {
  const int64_t block = length * inner;
  SIMCSE_LAUNCH(copy_block_kernel, cuda::blocks_for(outer * block), cuda::kBlockThreads, src, src_dim, src_start, dst,
                dst_dim, dst_start, outer, block, inner, accumulate);
}

}  // namespace simcse
