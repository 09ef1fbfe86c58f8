// embedding.cc — CpuBackend: the embedding gather and its scatter-add backward.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include <cstring>

#include "backend/cpu/cpu_backend.h"

namespace simcse {

void CpuBackend::embedding_forward(const Scalar* table, const int32_t* ids, Scalar* out, int64_t count,
                                   int64_t hidden) {
#pragma omp parallel for schedule(static) if (count * hidden > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(out + i * hidden, table + static_cast<int64_t>(ids[i]) * hidden, hidden * sizeof(Scalar));
}

// A token id that appears twice receives the sum of both rows' gradients. Threads own column
// ranges and visit the ids in order, so no two threads touch one value and the order is fixed.
void CpuBackend::embedding_backward(const int32_t* ids, const Scalar* dout, Scalar* dtable, int64_t count,
                                    int64_t hidden) {
#pragma omp parallel for schedule(static) if (count * hidden > kParallelThreshold)
  for (int64_t c = 0; c < hidden; ++c)
    for (int64_t i = 0; i < count; ++i) dtable[static_cast<int64_t>(ids[i]) * hidden + c] += dout[i * hidden + c];
}

}  // namespace simcse
