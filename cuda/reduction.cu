// reduction.cu — CudaBackend: sums to one number (sum and mean, and the sum of squares behind
// gradient clipping) and the broadcast that is their backward. A sum runs in two fixed steps, so
// the bits never depend on timing: one block per chunk of 4096 values (the CPU backend's block
// size) sums its chunk in double, each thread a strided share and then block_sum over the threads
// (warp_reduce.cuh); then add_up adds the chunks' partial sums in order.
// Paper: none (infrastructure)
#include "cuda/cuda_backend.h"
#include "cuda/fixed_order_sum.h"
#include "cuda/warp_reduce.cuh"

namespace simcse {

namespace {

constexpr int64_t kChunk = 4096;

// partials[b] = sum of x_i (or x_i^2) over chunk b = blockIdx.x.
__global__ void chunk_sums_kernel(const Scalar* x, int64_t count, bool squares, double* partials) {
  const int64_t begin = int64_t{blockIdx.x} * kChunk;
  const int64_t end = begin + kChunk < count ? begin + kChunk : count;
  double total = 0;
  for (int64_t i = begin + threadIdx.x; i < end; i += blockDim.x)
    total += squares ? static_cast<double>(x[i]) * x[i] : x[i];
  total = cuda::block_sum(total);
  if (threadIdx.x == 0) partials[blockIdx.x] = total;
}

// One block: each thread adds a strided share of the values, then block_sum adds the shares.
__global__ void add_up_kernel(const double* values, int64_t count, double scale, Scalar* out) {
  double total = 0;
  for (int64_t i = threadIdx.x; i < count; i += blockDim.x) total += values[i];
  total = cuda::block_sum(total);
  if (threadIdx.x == 0) out[0] = static_cast<Scalar>(total * scale);
}

__global__ void add_scalar_broadcast_kernel(const Scalar* dout, Scalar scale, Scalar* dx, int64_t count) {
  const Scalar value = dout[0] * scale;
  for (int64_t i = cuda::global_thread_index(); i < count; i += cuda::grid_thread_count()) dx[i] += value;
}

}  // namespace

void cuda::add_up(const double* values, int64_t count, double scale, Scalar* out) {
  SIMCSE_LAUNCH(add_up_kernel, 1, kBlockThreads, values, count, scale, out);
}

namespace {

void blocked_sum(cuda::Workspace& workspace, const Scalar* x, int64_t count, bool squares, double scale, Scalar* out) {
  const int64_t chunks = std::max<int64_t>(1, (count + kChunk - 1) / kChunk);
  workspace.reset();
  double* partials = workspace.take<double>(chunks);
  SIMCSE_LAUNCH(chunk_sums_kernel, dim3(static_cast<unsigned>(chunks)), cuda::kBlockThreads, x, count, squares,
                partials);
  cuda::add_up(partials, chunks, scale, out);
}

}  // namespace

void CudaBackend::sum(const Scalar* x, int64_t count, Scalar scale, Scalar* out) {
  blocked_sum(workspace_, x, count, /*squares=*/false, scale, out);
}

void CudaBackend::sum_of_squares(const Scalar* x, int64_t count, Scalar* out) {
  blocked_sum(workspace_, x, count, /*squares=*/true, 1.0, out);
}

void CudaBackend::add_scalar_broadcast(const Scalar* dout, Scalar scale, Scalar* dx, int64_t count) {
  SIMCSE_LAUNCH(add_scalar_broadcast_kernel, cuda::blocks_for(count), cuda::kBlockThreads, dout, scale, dx, count);
}

}  // namespace simcse
