// memory.cu — CudaBackend: start-up (the cuBLAS handle), device allocations, copies between host
// and device, fill, and the finite check that every op runs on its output. Copies to the host
// (cudaMemcpy) wait for the kernels before them, which is how results reach the host in order.
// Paper: none (infrastructure)
#include <cmath>
#include <sstream>

#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

using cuda::check_cublas;
using cuda::check_cuda;

CudaBackend::CudaBackend() {
  int devices = 0;
  check_cuda(cudaGetDeviceCount(&devices), "cudaGetDeviceCount (is there a GPU and a driver?)");
  SIMCSE_CHECK(devices > 0, "cuda: no CUDA device found");
  check_cublas(cublasCreate(&cublas_), "cublasCreate");
}

CudaBackend::~CudaBackend() { cublasDestroy(cublas_); }

std::string CudaBackend::describe() const {
  cudaDeviceProp properties;
  check_cuda(cudaGetDeviceProperties(&properties, 0), "cudaGetDeviceProperties");
  std::ostringstream text;
  text << "cuda (" << properties.name << ", cuBLAS GEMM, " << scalar_name() << ")";
  return text.str();
}

Scalar* CudaBackend::allocate(int64_t count) {
  void* pointer = nullptr;
  const size_t bytes = static_cast<size_t>(std::max<int64_t>(count, 1)) * sizeof(Scalar);
  check_cuda(cudaMalloc(&pointer, bytes), "cudaMalloc");
  return static_cast<Scalar*>(pointer);
}

void CudaBackend::release(Scalar* pointer) {
  cudaError_t status = cudaFree(pointer);
  // A tensor that outlives main() is released after the CUDA runtime has shut down: nothing to free.
  if (status != cudaErrorCudartUnloading) check_cuda(status, "cudaFree");
}

void CudaBackend::copy_from_host(Scalar* dst, const Scalar* host_src, int64_t count) {
  if (count > 0)
    check_cuda(cudaMemcpy(dst, host_src, static_cast<size_t>(count) * sizeof(Scalar), cudaMemcpyHostToDevice),
               "cudaMemcpy host to device");
}

void CudaBackend::copy_to_host(Scalar* host_dst, const Scalar* src, int64_t count) {
  if (count > 0)
    check_cuda(cudaMemcpy(host_dst, src, static_cast<size_t>(count) * sizeof(Scalar), cudaMemcpyDeviceToHost),
               "cudaMemcpy device to host");
}

void CudaBackend::copy(Scalar* dst, const Scalar* src, int64_t count) {
  if (count > 0)
    check_cuda(cudaMemcpy(dst, src, static_cast<size_t>(count) * sizeof(Scalar), cudaMemcpyDeviceToDevice),
               "cudaMemcpy device to device");
}

// ---- kernels: fill, and the finite check (an integer count: atomic adds give the same answer in
// any order) ------------------------------------------------------------------------------------------

namespace {

__global__ void fill_kernel(Scalar* dst, int64_t count, Scalar value) {
  for (int64_t i = cuda::global_thread_index(); i < count; i += cuda::grid_thread_count()) dst[i] = value;
}

__global__ void count_nonfinite_kernel(const Scalar* x, int64_t count, unsigned long long* bad) {
  unsigned long long mine = 0;
  for (int64_t i = cuda::global_thread_index(); i < count; i += cuda::grid_thread_count())
    mine += std::isfinite(x[i]) ? 0 : 1;
  if (mine > 0) atomicAdd(bad, mine);
}

}  // namespace

void CudaBackend::fill(Scalar* dst, int64_t count, Scalar value) {
  SIMCSE_LAUNCH(fill_kernel, cuda::blocks_for(count), cuda::kBlockThreads, dst, count, value);
}

int64_t CudaBackend::count_nonfinite(const Scalar* x, int64_t count) {
  workspace_.reset();
  const unsigned long long zero = 0;
  unsigned long long* bad = workspace_.upload(&zero, 1);
  SIMCSE_LAUNCH(count_nonfinite_kernel, cuda::blocks_for(count), cuda::kBlockThreads, x, count, bad);
  unsigned long long host_bad = 0;
  check_cuda(cudaMemcpy(&host_bad, bad, sizeof(host_bad), cudaMemcpyDeviceToHost), "cudaMemcpy (finite check)");
  return static_cast<int64_t>(host_bad);
}

}  // namespace simcse
