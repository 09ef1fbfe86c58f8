// planted_out_of_bounds.cc — a deliberately wrong kernel launch, so that the sanitizer has something
// to catch. The grid is rounded up to whole blocks (4 blocks of 32 threads for 100 values) but the
// kernel forgets the `if (i < count)` guard, so threads 100..127 write past the end of the buffer.
// On a GPU this corrupts whatever follows the buffer, silently; on the CPU emulator, built with
// AddressSanitizer, it is reported with this file's line. Never part of a normal test run:
// tests/cuda_emulator/test_sanitizer.cc runs this program and checks the report.
#include "cuda/launch.h"

__global__ void ramp_kernel(float* out, int count) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  out[i] = 0.5f * static_cast<float>(i) / static_cast<float>(count);  // the planted bug: no i < count guard
}

int main() {
  const int count = 100, threads = 32;
  float* out = nullptr;
  simcse::cuda::check_cuda(cudaMalloc(reinterpret_cast<void**>(&out), count * sizeof(float)), "cudaMalloc");
  SIMCSE_LAUNCH(ramp_kernel, (count + threads - 1) / threads, threads, out, count);
  cudaFree(out);
  return 0;
}
