// encoder_bench.cc — encode throughput of a randomly initialised BERT: batches of `batch`
// sentences of exactly `seq` tokens (random ids, no padding: the same work for every engine)
// through BertModel's inference forward and the `cls` pooler, as `simcse encode` runs it (per-op
// NaN/Inf checks off).
// Prints one tab-separated row for tools/bench/30_encoder.sh:
//   name  sentences/s  seconds per batch  peak resident MiB (getrusage of this process)
//
//   encoder_bench --name NAME --layers L --hidden H --heads A --intermediate I
//                 [--batch 64] [--seq 32] [--batches N] [--threads 2]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "backend/backend.h"
#include "core/autograd.h"
#include "nn/poolers.h"
#include "bench_model.h"

using namespace simcse;

int main(int argc, char** argv) {
  const bench::BenchSettings flags = bench::parse_bench_flags(argc, argv, "encoder_bench", "--batches", 3);
  const BertConfig& config = flags.config;
  const int64_t batch = flags.batch, seq = flags.seq;
  set_num_threads(flags.threads);
  set_check_finite(false);  // as `simcse encode` runs: it checks each batch's embeddings once instead
  const BertModel model(config, random_bert_parameters(config, 1));

  BertInput input{batch, seq, std::vector<int32_t>(batch * seq), std::vector<int32_t>(batch * seq, 0),
                  std::vector<int32_t>(batch * seq, 1)};
  std::mt19937 random(7);
  for (int64_t i = 0; i < batch * seq; ++i)
    input.input_ids[i] = i % seq == 0 ? 101 : static_cast<int32_t>(1000 + random() % 29000);  // [CLS] first

  sentence_embeddings(model, input, Pooler::cls);  // warm-up: first-touch of buffers, thread pools
  const auto start = std::chrono::steady_clock::now();
  for (int64_t b = 0; b < flags.repeats; ++b) sentence_embeddings(model, input, Pooler::cls);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("%s\t%.1f\t%.3f\t%.0f\n", flags.name.c_str(), flags.repeats * batch / seconds, seconds / flags.repeats,
              bench::peak_resident_mib());
  return 0;
}
