// dropout.cc — CpuBackend::dropout: element i is kept when philox_bits(seed, offset, first_element + i) >= p * 2^32
// (core/philox.h, the function the CUDA kernel calls too). The mask is never stored: the same kernel
// serves forward (in = x) and backward (in = dy, adding into dx), recomputing it.
// Paper: §3 Unsupervised SimCSE (two dropout masks make the positive pair, eq. 4)
#include "backend/cpu/cpu_backend.h"
#include "core/philox.h"

namespace simcse {

// Inverted dropout: kept units are scaled by 1/(1-p) at training time so inference needs no change.
void CpuBackend::dropout(const Scalar* in, Scalar* out, int64_t count, double probability, uint64_t seed,
                         uint64_t offset, uint64_t first_element, bool accumulate) {
  const uint32_t threshold = dropout_threshold(probability);
  const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - probability));
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) {
    bool keep = philox_bits(seed, offset, first_element + static_cast<uint64_t>(i)) >= threshold;
    Scalar value = keep ? in[i] * keep_scale : Scalar(0);
    out[i] = accumulate ? out[i] + value : value;
  }
}

}  // namespace simcse
