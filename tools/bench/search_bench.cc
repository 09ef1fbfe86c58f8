// search_bench.cc — search speed of the three index kinds at one corpus size: build time, batch
// throughput (all queries in one call, as the tool's FAISS path and util.semantic_search take
// them), single-query latency p50/p99 (as a server sees them), and recall@10 against exact search.
// The corpus is the real vectors of CORPUS.npy first, then random unit vectors (seeded) up to SIZE.
// Prints one tab-separated row per kind for tools/bench/60_search.sh:
//   kind  size  build_s  batch_qps  p50_ms  p99_ms  recall@10
//
//   search_bench --corpus CORPUS.npy --queries QUERIES.npy --size N [--single 200] [--threads 2]
// Paper: §7 (retrieval with sentence embeddings)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "backend/backend.h"
#include "io/npy.h"
#include "search/vector_index.h"

using namespace simcse;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::vector<float> as_float(const NpyArray& array) { return std::vector<float>(array.values.begin(), array.values.end()); }

}  // namespace

int main(int argc, char** argv) {
  std::string corpus_path, queries_path;
  int64_t size = 0, single = 200;
  int threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--corpus") corpus_path = value;
    else if (flag == "--queries") queries_path = value;
    else if (flag == "--size") size = std::atoll(value.c_str());
    else if (flag == "--single") single = std::atoll(value.c_str());
    else if (flag == "--threads") threads = std::atoi(value.c_str());
    else { std::fprintf(stderr, "search_bench: unknown flag %s\n", flag.c_str()); return 2; }
  }
  if (corpus_path.empty() || queries_path.empty() || size <= 0) {
    std::fprintf(stderr, "usage: search_bench --corpus C.npy --queries Q.npy --size N [--single 200] [--threads T]\n");
    return 2;
  }
  set_num_threads(threads);
  const NpyArray real = load_npy(corpus_path), query_array = load_npy(queries_path);
  const int64_t dimension = real.shape[1], query_count = query_array.shape[0];
  const std::vector<float> queries = as_float(query_array);
  std::vector<float> corpus(static_cast<size_t>(size * dimension));
  const int64_t real_rows = std::min(size, real.shape[0]);
  std::copy(real.values.begin(), real.values.begin() + real_rows * dimension, corpus.begin());
  std::mt19937_64 random(1);
  std::normal_distribution<float> normal;
  for (int64_t r = real_rows; r < size; ++r) {
    float* row = corpus.data() + r * dimension;
    double squares = 0;
    for (int64_t d = 0; d < dimension; ++d) {
      row[d] = normal(random);
      squares += double(row[d]) * row[d];
    }
    for (int64_t d = 0; d < dimension; ++d) row[d] = static_cast<float>(row[d] / std::sqrt(squares));
  }

  std::vector<std::vector<Neighbor>> truth;
  for (IndexKind kind : {IndexKind::exact, IndexKind::faiss_flat, IndexKind::faiss_ivf}) {
    auto start = Clock::now();
    const auto index = make_vector_index(kind, corpus, size, dimension);
    const double build_seconds = seconds_since(start);
    index->search(queries.data(), 1, 10, -INFINITY);  // warm-up
    start = Clock::now();
    const auto found = index->search(queries.data(), query_count, 10, -INFINITY);
    const double batch_qps = query_count / seconds_since(start);
    std::vector<double> latencies;
    for (int64_t q = 0; q < std::min(single, query_count); ++q) {
      const auto sent = Clock::now();
      index->search(queries.data() + q * dimension, 1, 10, -INFINITY);
      latencies.push_back(seconds_since(sent) * 1000);
    }
    std::sort(latencies.begin(), latencies.end());
    if (kind == IndexKind::exact) truth = found;
    int64_t hits = 0;
    for (int64_t q = 0; q < query_count; ++q)
      for (const Neighbor& n : truth[q])
        hits += std::any_of(found[q].begin(), found[q].end(), [&](const Neighbor& m) { return m.id == n.id; });
    std::printf("%s\t%lld\t%.3f\t%.1f\t%.3f\t%.3f\t%.4f\n", index_kind_name(kind), static_cast<long long>(size),
                build_seconds, batch_qps, latencies[latencies.size() / 2], latencies[latencies.size() * 99 / 100],
                static_cast<double>(hits) / (query_count * 10));
    std::fflush(stdout);
  }
  return 0;
}
