// gemm_bench.cc — float32 GEMM throughput at the shapes one BERT-base layer uses on a batch of
// 64 sentences x 32 tokens, through the CPU backend's GEMM entry point, for one implementation;
// and (--peak) this machine's measured fp32 FMA peak. Prints tab-separated rows for
// tools/bench/10_gemm.sh to assemble into a table.
//
//   gemm_bench --impl eigen|openblas     rows "shape<TAB>GFLOP/s"
//   gemm_bench --peak                    one row "peak<TAB>GFLOP/s"
#include <immintrin.h>
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "backend/cpu/cpu_backend.h"
#include "core/tensor.h"

using namespace simcse;

namespace {

struct GemmShape {
  const char* name;
  GemmArgs args;
};

std::vector<GemmShape> bert_base_shapes() {
  const int64_t tokens = 64 * 32, hidden = 768, ffn = 3072, heads = 12, head_dim = 64, seq = 32;
  auto linear = [](int64_t m, int64_t in, int64_t out) {  // y = x W^T, W stored [out, in]
    GemmArgs g;
    g.m = m, g.k = in, g.n = out, g.transpose_b = true;
    return g;
  };
  GemmArgs scores;  // Q K^T per (sentence, head): [32, 64] x [32, 64]^T
  scores.m = seq, scores.n = seq, scores.k = head_dim, scores.transpose_b = true;
  scores.batch = 64 * heads, scores.stride_a = seq * head_dim, scores.stride_b = seq * head_dim, scores.stride_c = seq * seq;
  GemmArgs context;  // P V per (sentence, head): [32, 32] x [32, 64]
  context.m = seq, context.n = head_dim, context.k = seq;
  context.batch = 64 * heads, context.stride_a = seq * seq, context.stride_b = seq * head_dim,
  context.stride_c = seq * head_dim;
  return {{"2048x768x768 (Q, K, V, attention output)", linear(tokens, hidden, hidden)},
          {"2048x768x3072 (feed-forward up)", linear(tokens, hidden, ffn)},
          {"2048x3072x768 (feed-forward down)", linear(tokens, ffn, hidden)},
          {"768 x 32x64x32 (Q K^T, batched)", scores},
          {"768 x 32x32x64 (P V, batched)", context}};
}

double seconds_best_of(int repeats, const std::function<void()>& work) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    auto start = std::chrono::steady_clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

void bench_implementation(GemmImplementation implementation) {
  for (const GemmShape& shape : bert_base_shapes()) {
    const GemmArgs& g = shape.args;
    Tensor a = Tensor::full({g.batch * g.m * g.k}, 0.5f), b = Tensor::full({g.batch * g.k * g.n}, 0.25f);
    Tensor c = Tensor::zeros({g.batch * g.m * g.n});
    auto run = [&] { cpu_gemm_with(implementation, g, a.data(), b.data(), c.data()); };
    run();  // warm-up: first-touch pages, thread pools
    double seconds = seconds_best_of(10, run);
    std::printf("%s\t%.1f\n", shape.name, 2.0 * g.batch * g.m * g.n * g.k / seconds / 1e9);
  }
}

// Independent chains of fused multiply-adds on every core: the most float arithmetic this
// machine's vector units retire per second (12 chains hide the FMA latency).
void bench_peak() {
  constexpr int kChains = 12;
  const long iterations = 20000000;
  double flops_per_iteration = 0;
  double start = omp_get_wtime();
  float sink = 0;
#pragma omp parallel reduction(+ : sink)
  {
#if defined(__AVX512F__)
    __m512 acc[kChains], x = _mm512_set1_ps(0.999f), y = _mm512_set1_ps(1e-4f);
    for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(0.001f * i);
    for (long it = 0; it < iterations; ++it)
      for (int i = 0; i < kChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
    for (int i = 0; i < kChains; ++i) sink += _mm512_reduce_add_ps(acc[i]);
#pragma omp single
    flops_per_iteration = kChains * 16 * 2;
#else
    __m256 acc[kChains], x = _mm256_set1_ps(0.999f), y = _mm256_set1_ps(1e-4f);
    for (int i = 0; i < kChains; ++i) acc[i] = _mm256_set1_ps(0.001f * i);
    for (long it = 0; it < iterations; ++it)
      for (int i = 0; i < kChains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
    float lanes[8];
    for (int i = 0; i < kChains; ++i) {
      _mm256_storeu_ps(lanes, acc[i]);
      for (float v : lanes) sink += v;
    }
#pragma omp single
    flops_per_iteration = kChains * 8 * 2;
#endif
  }
  double seconds = omp_get_wtime() - start;
  std::printf("peak\t%.1f\t(sink %.1f)\n", omp_get_max_threads() * iterations * flops_per_iteration / seconds / 1e9, sink);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--peak") == 0) {
    bench_peak();
    return 0;
  }
  if (argc == 3 && std::strcmp(argv[1], "--impl") == 0) {
    bench_implementation(std::strcmp(argv[2], "openblas") == 0 ? GemmImplementation::openblas
                                                              : GemmImplementation::eigen);
    return 0;
  }
  std::fprintf(stderr, "usage: gemm_bench --impl eigen|openblas | --peak\n");
  return 2;
}
