// pairs_file.h — a labelled sentence-pair file of one's own: sentence1<TAB>sentence2<TAB>label per
// line, the label a graded score (tiny_data/sts_pairs.tsv, 0-5) or 0/1 (paraphrase or not), with
// an optional header line. It is read as an STS task, so the same Spearman-of-cosines scoring
// applies to it as to STS-B; with 0/1 labels it is also a binary classification
// (pair_classification.h).
// Paper: §6.1 Evaluation setup (the STS protocol, applied to a set of one's own)
#pragma once

#include <string>

#include "eval/sts_data.h"

namespace simcse {

// One dataset named after the file. The first line is a header when its label is not a number.
// A line with other than three fields, an empty sentence or a label that is not a number is an
// error naming the file and line.
StsTask load_pairs_file(const std::string& path);

}  // namespace simcse
