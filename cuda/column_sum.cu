// column_sum.cu — the second, shape-only step of column_sum.cuh: adding each column's partial sums
// in chunk order. (The first step depends on the term being summed, so it is a template there.)
// Paper: none (infrastructure)
#include "cuda/column_sum.cuh"

namespace simcse::cuda {

namespace {

__global__ void add_column_partials_kernel(const double* partials, int64_t chunks, int64_t cols, Scalar* out) {
  for (int64_t col = global_thread_index(); col < cols; col += grid_thread_count()) {
    double total = 0;
    for (int64_t chunk = 0; chunk < chunks; ++chunk) total += partials[chunk * cols + col];
    out[col] += static_cast<Scalar>(total);
  }
}

}  // namespace

void add_column_partials(const double* partials, int64_t chunks, int64_t cols, Scalar* out) {
  SIMCSE_LAUNCH(add_column_partials_kernel, blocks_for(cols), kBlockThreads, partials, chunks, cols, out);
}

}  // namespace simcse::cuda
