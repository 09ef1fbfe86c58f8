// memory.cc — CpuBackend: aligned allocation, copies, fills, the finite check; describe() and the
// thread count (set_num_threads of backend.h).
// Paper: none (infrastructure)
#include <malloc.h>
#include <omp.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "backend/cpu/cpu_backend.h"
#include "core/error.h"

extern "C" void openblas_set_num_threads(int threads);

namespace simcse {

std::string CpuBackend::describe() const {
  std::ostringstream text;
  text << "cpu (" << cpu_gemm_name() << " GEMM, " << num_threads()
       << " OpenMP threads, " << scalar_name() << ")";
  return text.str();
}

// A training step allocates and frees thousands of op outputs, many of them megabytes. glibc hands
// out blocks above its mmap threshold (128 KiB at first) as fresh mappings and unmaps them on
// free, so every such output costs page faults and the kernel zeroing its pages again. With the
// threshold at its largest (32 MiB: every activation of BERT-base at batch 64) and the heap never
// trimmed, a freed block is reused by the next op that needs that much; the process keeps its
// peak footprint instead of returning it to the system between steps.
static void keep_freed_blocks_for_reuse() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

Scalar* CpuBackend::allocate(int64_t count) {
  static const bool heap_configured = (keep_freed_blocks_for_reuse(), true);
  (void)heap_configured;
  // 64-byte alignment suits AVX-512 loads; aligned_alloc wants a multiple of the alignment.
  size_t bytes = ((static_cast<size_t>(count) * sizeof(Scalar) + 63) / 64) * 64;
  if (bytes == 0) bytes = 64;
  void* pointer = std::aligned_alloc(64, bytes);
  SIMCSE_CHECK(pointer != nullptr, "out of memory allocating ", count, " values (", bytes, " bytes)");
  return static_cast<Scalar*>(pointer);
}

void CpuBackend::release(Scalar* pointer) { std::free(pointer); }

void CpuBackend::copy_from_host(Scalar* dst, const Scalar* host_src, int64_t count) { copy(dst, host_src, count); }
void CpuBackend::copy_to_host(Scalar* host_dst, const Scalar* src, int64_t count) { copy(host_dst, src, count); }

void CpuBackend::copy(Scalar* dst, const Scalar* src, int64_t count) {
  if (count > 0) std::memcpy(dst, src, static_cast<size_t>(count) * sizeof(Scalar));
}

void CpuBackend::fill(Scalar* dst, int64_t count, Scalar value) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) dst[i] = value;
}

int64_t CpuBackend::count_nonfinite(const Scalar* x, int64_t count) {
  int64_t bad = 0;  // an integer sum: the same whatever order the threads finish in
#pragma omp parallel for schedule(static) reduction(+ : bad) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) bad += std::isfinite(x[i]) ? 0 : 1;
  return bad;
}

void set_num_threads(int threads) {
  if (threads <= 0) threads = omp_get_num_procs();
  omp_set_num_threads(threads);
  openblas_set_num_threads(threads);
}

int num_threads() { return omp_get_max_threads(); }

}  // namespace simcse
