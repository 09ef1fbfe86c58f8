// fuzz_training_data.cc — libFuzzer target: the input as a training file, both as .txt (one
// sentence per line) and as .csv (RFC 4180, 2 or 3 columns), each with and without
// --skip_bad_rows. Seeds: tests/fuzz/seeds/training_data/.
#include "fuzz_support.h"
#include "simcse/training_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace simcse;
  const std::string_view text = fuzz::as_text(data, size);
  for (const char* name : {"train.txt", "train.csv"}) {
    const std::string path = fuzz::write_file(name, text);
    for (bool skip_bad_rows : {false, true}) fuzz::errors_only([&] { load_training_data(path, skip_bad_rows); });
  }
  return 0;
}
