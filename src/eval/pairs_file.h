// pairs_file.h — a graded sentence-pair file of one's own (tab-separated: score, sentence 1,
// sentence 2, with a header line), such as tiny_data/sts_pairs.tsv, read as an STS task so the
// same Spearman-of-cosines scoring applies to it as to STS-B.
// Paper: §6.1 Evaluation setup (the STS protocol, applied to a small home-made set)
#pragma once

#include <string>

#include "eval/sts_data.h"

namespace simcse {

// One dataset named after the file; malformed lines are errors naming file and line.
StsTask load_pairs_file(const std::string& path);

}  // namespace simcse
