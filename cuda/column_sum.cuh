// column_sum.cuh — out[c] += sum over rows r of term(r, c): the gradient of every row that was
// broadcast over the rows of a matrix (a bias, LayerNorm's gamma and beta), without atomics.
// Paper: none (infrastructure)
#pragma once

// Deterministic without atomics, in two kernels:
//   1. the rows are cut into chunks of kRowsPerChunk; thread (chunk, c) sums column c over its
//      chunk, in row order, into partials[chunk, c] (neighbouring threads read neighbouring
//      columns, so every warp reads whole cache lines);
//   2. thread c adds the partial sums of column c in chunk order and adds the total into out[c].
// Chunking gives rows / 64 times more threads than one thread per column would, which is what keeps
// a GPU busy when there are only 768 columns. Sums are kept in double, as the CPU backend keeps its
// row statistics, so both backends' results differ by rounding of the last bit at most.
// `Term` is a small struct with `__device__ double operator()(int64_t row, int64_t col) const` (double,
// so a product such as dy * xhat is summed unrounded, as on the CPU).

#include "core/scalar.h"
#include "cuda/launch.h"
#include "cuda/workspace.h"

namespace simcse::cuda {

constexpr int64_t kRowsPerChunk = 64;

template <typename Term>
__global__ void column_partial_sums_kernel(Term term, int64_t rows, int64_t cols, double* partials) {
  const int64_t col = global_thread_index(), chunk = blockIdx.y;
  if (col >= cols) return;
  const int64_t end = (chunk + 1) * kRowsPerChunk < rows ? (chunk + 1) * kRowsPerChunk : rows;
  double total = 0;
  for (int64_t row = chunk * kRowsPerChunk; row < end; ++row) total += term(row, col);
  partials[chunk * cols + col] = total;
}

// Step 2 (column_sum.cu): out[c] += the sum of partials[:, c] in chunk order.
void add_column_partials(const double* partials, int64_t chunks, int64_t cols, Scalar* out);

// The caller has reset `workspace` at the start of its backend call.
template <typename Term>
void add_column_sums(Workspace& workspace, Term term, int64_t rows, int64_t cols, Scalar* out) {
  if (rows == 0 || cols == 0) return;  // nothing to add (and a grid may not be empty)
  const int64_t chunks = (rows + kRowsPerChunk - 1) / kRowsPerChunk;
  SIMCSE_CHECK(chunks <= 65535, "column sums: ", rows, " rows exceed the grid's y limit");
  double* partials = workspace.take<double>(chunks * cols);
  const dim3 grid(static_cast<unsigned>((cols + kBlockThreads - 1) / kBlockThreads), static_cast<unsigned>(chunks));
  SIMCSE_LAUNCH(column_partial_sums_kernel<Term>, grid, kBlockThreads, term, rows, cols, partials);
  add_column_partials(partials, chunks, cols, out);
}

}  // namespace simcse::cuda
