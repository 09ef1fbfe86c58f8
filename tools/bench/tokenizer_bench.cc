// tokenizer_bench.cc — sentences per second of a tokenizer's encode_batch on one thread, the way
// SimCSE feeds the encoder: batches of `batch` sentences, truncated to `max_length`, padded to the
// longest row. Best of `repeats` passes over all the sentences of the input file. TOKENIZER is what
// load_tokenizer reads: a vocab.txt (BERT's WordPiece, uncased) or a byte-level BPE directory.
// Prints one tab-separated row for tools/bench/20_tokenizer.sh:
//   sentences  sentences/s  checksum (sum of all ids, so the work cannot be skipped)
//
//   tokenizer_bench --tokenizer TOKENIZER --input SENTENCES [--batch 64] [--max_length 32] [--repeats 5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "tokenizer/load_tokenizer.h"

using namespace simcse;

int main(int argc, char** argv) {
  std::string tokenizer_path, input_path;
  int batch = 64, max_length = 32, repeats = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--tokenizer") tokenizer_path = value;
    else if (flag == "--input") input_path = value;
    else if (flag == "--batch") batch = std::atoi(value);
    else if (flag == "--max_length") max_length = std::atoi(value);
    else if (flag == "--repeats") repeats = std::atoi(value);
    else {
      std::fprintf(stderr, "tokenizer_bench: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (tokenizer_path.empty() || input_path.empty() || batch < 1 || repeats < 1) {
    std::fprintf(stderr, "usage: tokenizer_bench --tokenizer TOKENIZER --input SENTENCES [--batch 64] [--max_length 32] [--repeats 5]\n");
    return 2;
  }
  try {
    const std::unique_ptr<Tokenizer> tokenizer = load_tokenizer(tokenizer_path, /*lowercase=*/true);
    std::ifstream input(input_path, std::ios::binary);
    if (!input) throw Error("cannot open " + input_path);
    std::vector<std::vector<std::string>> batches;
    for (std::string line; std::getline(input, line);) {
      if (batches.empty() || static_cast<int>(batches.back().size()) == batch) batches.emplace_back();
      batches.back().push_back(line);
    }
    const size_t sentences = batches.empty() ? 0 : (batches.size() - 1) * batch + batches.back().size();

    double best_seconds = 1e30;
    int64_t checksum = 0;
    for (int repeat = 0; repeat <= repeats; ++repeat) {  // pass 0 warms caches and allocators up
      checksum = 0;
      const auto start = std::chrono::steady_clock::now();
      for (const auto& texts : batches) {
        const EncodedBatch encoded = tokenizer->encode_batch(texts, max_length);
        for (int32_t id : encoded.input_ids) checksum += id;
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (repeat > 0) best_seconds = std::min(best_seconds, seconds);
    }
    std::printf("%zu\t%.0f\t%lld\n", sentences, sentences / best_seconds, static_cast<long long>(checksum));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "tokenizer_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
