// training_data.h — SimCSE's training files, read as its train.py reads them:
//   .txt  one sentence per line; the sentence is its own positive (two dropout views, §3);
//   .csv  a header, then 2 columns (sentence, positive: §4 pairs) or 3 columns
//         (sentence, positive, hard negative: §4 NLI triplets, e.g. sent0,sent1,hard_neg).
// Columns are taken by position, as SimCSE does. Lines end at \n, \r\n or \r in both formats, as
// datasets' loaders split them (Python's universal newlines for .txt, pandas for .csv). A bad row
// (wrong field count, empty field, invalid UTF-8) is an Error naming the file and line, or is
// skipped and counted; a line over 1 MiB (io/input_limits.h) is an Error.
// Paper: §3 Unsupervised SimCSE, §4 Supervised SimCSE; Appendix A (training data)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace simcse {

struct TrainingExample {
  std::string sentence;       // sent0
  std::string positive;       // sent1: the same text for .txt data
  std::string hard_negative;  // hard_neg (or a score: --loss cosine_mse): empty unless the file has three columns
  int64_t line = 0;           // in the file, for messages
};

struct TrainingData {
  std::vector<TrainingExample> examples;
  int columns = 1;               // 1 (.txt), 2 (pairs) or 3 (triplets)
  int64_t skipped_rows = 0;      // with skip_bad_rows
  std::string first_skip_reason; // "file:line: why", for the warning
};

TrainingData load_training_data(const std::string& path, bool skip_bad_rows);

// The order in which epoch `epoch` visits `count` examples: a Fisher-Yates shuffle whose random
// numbers come from Philox keyed by `seed`, so it depends only on (seed, epoch, count) and a
// resumed run can recompute it. (PyTorch's sampler uses its own generator: orders differ from
// SimCSE's, the distribution does not.)
std::vector<int64_t> epoch_order(int64_t count, uint64_t seed, int64_t epoch);

}  // namespace simcse
