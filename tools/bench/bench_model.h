// bench_model.h — what encoder_bench.cc and training_bench.cc share: the command line that names a
// model shape and a workload, and the peak resident memory both report.
//   --name NAME --layers L --hidden H --heads A --intermediate I [--batch 64] [--seq 32]
//   [REPEAT_FLAG N] [--threads 2]
// where REPEAT_FLAG is each program's own count (--batches for encoding, --steps for training).
#pragma once

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "nn/bert_config.h"

namespace simcse::bench {

struct BenchSettings {
  std::string name = "bert";
  BertConfig config;  // BERT-base defaults; the flags change the shape
  int64_t batch = 64, seq = 32;
  int64_t repeats = 0;  // timed batches or steps
  int threads = 2;
};

// Parses argv; an unknown flag prints a message naming `program` and exits with status 2.
inline BenchSettings parse_bench_flags(int argc, char** argv, const char* program, const std::string& repeat_flag,
                                       int64_t default_repeats) {
  BenchSettings settings;
  settings.repeats = default_repeats;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--name") settings.name = value;
    else if (flag == "--layers") settings.config.num_hidden_layers = std::atoll(value);
    else if (flag == "--hidden") settings.config.hidden_size = std::atoll(value);
    else if (flag == "--heads") settings.config.num_attention_heads = std::atoll(value);
    else if (flag == "--intermediate") settings.config.intermediate_size = std::atoll(value);
    else if (flag == "--batch") settings.batch = std::atoll(value);
    else if (flag == "--seq") settings.seq = std::atoll(value);
    else if (flag == repeat_flag) settings.repeats = std::atoll(value);
    else if (flag == "--threads") settings.threads = std::atoi(value);
    else {
      std::fprintf(stderr, "%s: unknown flag %s\n", program, flag.c_str());
      std::exit(2);
    }
  }
  return settings;
}

// The process's peak resident set so far, in MiB (getrusage reports KiB on Linux).
inline double peak_resident_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace simcse::bench
