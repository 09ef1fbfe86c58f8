// transfer_data.h — the seven SentEval transfer tasks as SentEval reads them: MR, CR, SUBJ, MPQA
// (one file per class, latin-1, one sentence a line: label 1 for the first file, 0 for the other),
// SST2 (sentence \t label, train/dev/test), TREC (COARSE:fine question, latin-1, six classes) and
// MRPC (Quality \t #1 ID \t #2 ID \t #1 String \t #2 String, a header line, UTF-8 with a BOM).
// Each split comes back in the order SentEval feeds its classifier: sorted by sentence length
// (words), then label, ties kept in file order; this order decides which fold a sample lands in.
// Paper: Appendix E (Transfer tasks)
#pragma once

#include <string>
#include <vector>

namespace simcse {

struct LabelledSentences {
  std::vector<std::string> sentences;  // whitespace re-joined
  std::vector<int32_t> labels;
};

struct LabelledPairs {
  std::vector<std::string> first, second;
  std::vector<int32_t> labels;
};

// The seven transfer task names in SimCSE's --task_set order.
const std::vector<std::string>& transfer_task_names();
bool is_transfer_task(const std::string& name);

// MR, CR, SUBJ, MPQA: every labelled sentence (the classifier cross-validates over all of them).
LabelledSentences load_binary_task(const std::string& task, const std::string& senteval_dir);

struct SstData { LabelledSentences train, dev, test; };
SstData load_sst2(const std::string& senteval_dir);

struct TrecData { LabelledSentences train, test; };
TrecData load_trec(const std::string& senteval_dir);

struct MrpcData { LabelledPairs train, test; };
MrpcData load_mrpc(const std::string& senteval_dir);

}  // namespace simcse
