// dropout.cu — CudaBackend::dropout, with the same masks as the CPU backend, bit for bit: element i
// of a dropout call is kept when philox_bits(seed, offset, first_element + i) >= p * 2^32 (core/philox.h, the very
// function the CPU loop calls, compiled for the device), so runs on either backend with one seed
// drop the same units. One thread per element, each evaluating Philox for itself: the generator is
// counter-based, so no thread waits for another's random numbers. (One Philox evaluation yields
// the bits of 4 consecutive elements and each thread uses one word of it; sharing it across 4
// elements would save about 1% of a training step and needs a block-level helper in philox.h.)
// The same kernel serves forward (in = x, out = y) and backward (in = dy, out += into dx).
// Paper: §3 Unsupervised SimCSE (two dropout masks make the positive pair, eq. 4)
#include "core/philox.h"
#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

namespace {

__global__ void dropout_kernel(const Scalar* in, Scalar* out, int64_t count, uint32_t threshold, Scalar keep_scale,
                               uint64_t seed, uint64_t offset, uint64_t first_element, bool accumulate) {
  for (int64_t i = cuda::global_thread_index(); i < count; i += cuda::grid_thread_count()) {
    const bool keep = philox_bits(seed, offset, first_element + static_cast<uint64_t>(i)) >= threshold;
    const Scalar value = keep ? in[i] * keep_scale : Scalar(0);
    out[i] = accumulate ? out[i] + value : value;
  }
}

}  // namespace

// Inverted dropout: kept units are scaled by 1/(1-p) at training time, so inference needs no change.
void CudaBackend::dropout(const Scalar* in, Scalar* out, int64_t count, double probability, uint64_t seed,
                          uint64_t offset, uint64_t first_element, bool accumulate) {
  const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - probability));
  SIMCSE_LAUNCH(dropout_kernel, cuda::blocks_for(count), cuda::kBlockThreads, in, out, count,
                dropout_threshold(probability), keep_scale, seed, offset, first_element, accumulate);
}

}  // namespace simcse
