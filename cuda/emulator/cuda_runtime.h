// cuda_runtime.h (emulator) — the part of the CUDA runtime that cuda/*.cu uses, for g++ on a CPU.
// Paper: none (infrastructure)
#pragma once

// `make test` compiles the unchanged CUDA sources with
//     g++ -x c++ -DSIMCSE_CUDA_EMULATION -Icuda/emulator -include cuda_runtime.h
// (nvcc includes cuda_runtime.h implicitly; -include does the same), so <cuda_runtime.h> and
// <cublas_v2.h> resolve to this folder and every kernel runs on the host: each CUDA thread is a
// fiber, the threads of one block take turns between barriers (fibers.cc), and blocks run one after
// another. Device memory is ordinary heap memory, so AddressSanitizer sees a kernel's out-of-bounds
// access and reports it with the kernel's source line.
//
// The subset (docs/06-cuda-backend.md lists it with what each call does):
//   qualifiers    __global__ __device__ __host__ __forceinline__ __restrict__; __shared__ (static
//                 arrays only: a function-local static is one array per block because blocks run
//                 one at a time)
//   built-ins     dim3, uint3, threadIdx, blockIdx, blockDim, gridDim, warpSize (32)
//   in kernels    __syncthreads, __shfl_xor_sync, __shfl_down_sync (full warps), atomicAdd
//   runtime       cudaMalloc, cudaFree, cudaMemcpy, cudaMemset, cudaDeviceSynchronize,
//                 cudaGetLastError, cudaGetErrorString, cudaGetDeviceCount, cudaGetDeviceProperties
// Kernels are launched through cuda/launch.h, which calls cuda_emulator::run_grid here in place of
// the <<<grid, block>>> syntax that g++ does not parse.

#include <cmath>
#include <cstddef>
#include <functional>
#include <type_traits>

#ifndef SIMCSE_CUDA_EMULATION
#error "cuda/emulator/ replaces the CUDA toolkit's headers only in the emulated build (-DSIMCSE_CUDA_EMULATION)"
#endif

// ---- qualifiers: on the CPU every function runs on the host ------------------------------------
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
// One array per block: blocks run one at a time, so a function-local static is exactly that.
#define __shared__ static

// ---- built-in variables ------------------------------------------------------------------------
struct uint3 {
  unsigned int x, y, z;
};

struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int x_ = 1, unsigned int y_ = 1, unsigned int z_ = 1) : x(x_), y(y_), z(z_) {}
};

// The scheduler (fibers.cc) sets these before it resumes a thread, so inside a kernel they read
// exactly as on a GPU; in gdb, `print threadIdx` shows the thread that is running.
inline uint3 threadIdx;
inline uint3 blockIdx;
inline dim3 blockDim;
inline dim3 gridDim;
constexpr int warpSize = 32;

// ---- errors ------------------------------------------------------------------------------------
enum cudaError_t {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorCudartUnloading = 4,
  cudaErrorInvalidConfiguration = 9,
  cudaErrorNoDevice = 100,
};
const char* cudaGetErrorString(cudaError_t error);
// Returns the last error of a launch (an invalid grid or block) and clears it, as CUDA does.
cudaError_t cudaGetLastError();

// ---- device memory: heap memory, so the sanitizer checks every access ---------------------------
enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
};
cudaError_t cudaMalloc(void** pointer, size_t bytes);  // 256-byte aligned, like cudaMalloc
cudaError_t cudaFree(void* pointer);
cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemset(void* pointer, int value, size_t bytes);
cudaError_t cudaDeviceSynchronize();  // kernels finish before run_grid returns: nothing to wait for

// ---- the device --------------------------------------------------------------------------------
struct cudaDeviceProp {
  char name[256];
};
cudaError_t cudaGetDeviceCount(int* count);  // always 1
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* properties, int device);

// ---- inside kernels ----------------------------------------------------------------------------
namespace cuda_emulator {

// Runs `thread_body` once per thread of every block of the grid (fibers.cc). An invalid
// configuration (a zero or too large dimension, more than 1024 threads per block) runs nothing and
// sets the error cudaGetLastError() returns, as a real launch does.
void run_grid(const char* kernel_name, dim3 grid, dim3 block, const std::function<void()>& thread_body);

void sync_block();
// Every lane of the caller's warp passes `bytes` bytes in `value` and receives in `result` the
// bytes that lane `source_lane` passed. The warp must be full and every lane must call.
void exchange_in_warp(unsigned mask, const void* value, void* result, size_t bytes, int source_lane);
int lane_id();  // the caller's lane within its warp
// A kernel used the emulator in a way it does not support: prints where (kernel, block, thread)
// and aborts, as a GPU traps.
[[noreturn]] void kernel_error(const char* message);

}  // namespace cuda_emulator

// Waits until every thread of the block has reached this call; shared memory written before it
// is visible to all threads after it.
inline void __syncthreads() { cuda_emulator::sync_block(); }

// Butterfly exchange: the caller receives `value` from lane (its lane XOR lane_mask).
template <typename T>
T __shfl_xor_sync(unsigned mask, T value, int lane_mask, int width = warpSize) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (width != warpSize) cuda_emulator::kernel_error("__shfl_xor_sync: only width 32 is emulated");
  T result;
  cuda_emulator::exchange_in_warp(mask, &value, &result, sizeof(T), cuda_emulator::lane_id() ^ lane_mask);
  return result;
}

// The caller receives `value` from lane (its lane + delta); lanes past the end keep their own.
template <typename T>
T __shfl_down_sync(unsigned mask, T value, unsigned delta, int width = warpSize) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (width != warpSize) cuda_emulator::kernel_error("__shfl_down_sync: only width 32 is emulated");
  const int lane = cuda_emulator::lane_id(), source = lane + static_cast<int>(delta);
  T result;
  cuda_emulator::exchange_in_warp(mask, &value, &result, sizeof(T), source < warpSize ? source : lane);
  return result;
}

// Threads of a block take turns only at barriers, so a read-modify-write is never interrupted.
template <typename T>
T atomicAdd(T* address, T value) {
  static_assert(std::is_arithmetic_v<T>);
  T old = *address;
  *address = old + value;
  return old;
}
