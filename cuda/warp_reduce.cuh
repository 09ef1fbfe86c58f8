// warp_reduce.cuh — sums and maxima across the lanes of a warp and across a block, the building
// blocks of every row-wise kernel (LayerNorm, softmax, normalisation, cross-entropy) and of the
// fixed-order sums. They use the butterfly pattern (__shfl_xor_sync): at each step every lane adds
// the value of the lane `offset` away, so after log2(32) = 5 steps every lane holds the total, and
// holds the same bits, because each step adds the same two numbers in both lanes (a + b == b + a
// exactly). The order of additions is fixed by the lane numbers: the result never depends on
// timing, which is what makes the CUDA backend deterministic without atomics.
// Paper: none (infrastructure)
#pragma once

#include "cuda/launch.h"

namespace simcse::cuda {

template <typename T>
__device__ inline T warp_sum(T value) {
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2) value += __shfl_xor_sync(kFullWarp, value, offset);
  return value;
}

template <typename T>
__device__ inline T warp_max(T value) {
  for (int offset = kWarpSize / 2; offset > 0; offset /= 2) {
    T other = __shfl_xor_sync(kFullWarp, value, offset);
    value = other > value ? other : value;
  }
  return value;
}

// The sum over every thread of a 1-D block (blockDim.x a multiple of 32, at most 1024), returned
// to every thread. Each warp sums its lanes, lane 0 leaves the warp's total in shared memory, and
// then every warp sums those totals the same way. Every thread of the block must call it: it waits
// at __syncthreads.
template <typename T>
__device__ inline T block_sum(T value) {
  __shared__ T warp_totals[kWarpSize];
  const int lane = threadIdx.x % kWarpSize, warp = threadIdx.x / kWarpSize;
  const int warps = blockDim.x / kWarpSize;
  value = warp_sum(value);
  if (lane == 0) warp_totals[warp] = value;
  __syncthreads();
  value = warp_sum(lane < warps ? warp_totals[lane] : T(0));
  __syncthreads();  // every warp has read warp_totals before a later call may overwrite it
  return value;
}

// ---- one warp per row ------------------------------------------------------------------------
// The row-wise kernels give each row of a matrix to one warp: lane l reads columns l, l + 32, ...
// (neighbouring lanes, neighbouring addresses), and the row's statistics come from warp_sum with
// no shared memory and no __syncthreads. A row of BERT's 768 values is 24 per lane.
constexpr int kRowsPerBlock = 4;  // 4 warps, 128 threads per block

inline dim3 blocks_for_rows(int64_t rows) {
  return dim3(static_cast<unsigned>(std::max<int64_t>(1, (rows + kRowsPerBlock - 1) / kRowsPerBlock)));
}
constexpr int kRowBlockThreads = kRowsPerBlock * kWarpSize;

// The row of the calling warp; rows past the end leave the kernel as a whole warp.
__device__ inline int64_t warp_row() { return int64_t{blockIdx.x} * kRowsPerBlock + threadIdx.x / kWarpSize; }
__device__ inline int lane_in_warp() { return static_cast<int>(threadIdx.x % kWarpSize); }

}  // namespace simcse::cuda
