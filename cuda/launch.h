// launch.h — how the CUDA backend starts kernels, and how a failed CUDA or cuBLAS call becomes a
// simcse::Error that names what failed. Every kernel goes through SIMCSE_LAUNCH:
//   under nvcc      kernel<<<grid, block>>>(args...), then cudaGetLastError();
//   under emulation cuda_emulator::run_grid runs the grid on fibers (cuda/emulator/), then the
//                   same cudaGetLastError() check,
// so there is exactly one place where the two builds differ in how a kernel runs.
// Kernels walk their data with grid-stride loops, so a grid is sized for the data but capped.
// Paper: none (infrastructure)
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

#include "core/error.h"

namespace simcse::cuda {

constexpr int kWarpSize = 32;
constexpr unsigned kFullWarp = 0xffffffffu;  // every lane takes part in a shuffle
// Threads per block for one-thread-per-element kernels: a multiple of the warp size, and small
// enough that several blocks share an SM.
constexpr int kBlockThreads = 256;
// Grid-stride loops cover any size, so grids are capped: 1024 blocks of 256 threads is about
// twice what an H100's 132 SMs hold at once.
constexpr int64_t kMaxBlocks = 1024;

inline void check_cuda(cudaError_t status, const char* what) {
  if (status != cudaSuccess) fail("cuda: ", what, " failed: ", cudaGetErrorString(status));
}

inline void check_cublas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS) fail("cuBLAS: ", what, " failed: ", cublasGetStatusString(status));
}

// Enough blocks of `threads_per_block` for one thread per item (at least 1, at most kMaxBlocks).
inline dim3 blocks_for(int64_t items, int threads_per_block = kBlockThreads) {
  const int64_t blocks = (items + threads_per_block - 1) / threads_per_block;
  return dim3(static_cast<unsigned>(std::clamp<int64_t>(blocks, 1, kMaxBlocks)));
}

// Inside a kernel: this thread's index in the whole (1-D) grid, and the grid's thread count, the
// stride of a grid-stride loop.
__device__ inline int64_t global_thread_index() { return int64_t{blockIdx.x} * blockDim.x + threadIdx.x; }
__device__ inline int64_t grid_thread_count() { return int64_t{gridDim.x} * blockDim.x; }

template <typename... Params, typename... Args>
void launch_kernel(const char* kernel_name, void (*kernel)(Params...), dim3 grid, dim3 block, Args... args) {
#ifdef SIMCSE_CUDA_EMULATION
  cuda_emulator::run_grid(kernel_name, grid, block, [&] { kernel(args...); });
#else
  kernel<<<grid, block>>>(args...);
#endif
  check_cuda(cudaGetLastError(), kernel_name);
}

}  // namespace simcse::cuda

// SIMCSE_LAUNCH(kernel, grid, block, args...): the kernel's name goes into any error message.
#define SIMCSE_LAUNCH(kernel, grid, block, ...) ::simcse::cuda::launch_kernel(#kernel, kernel, grid, block, __VA_ARGS__)
