// sts_data.h — the STS datasets as SentEval (SimCSE's copy) loads them: STS12-16 from
// STS.input/STS.gs file pairs, one dataset per SemEval subset, pairs whose gold line is empty
// dropped; STS Benchmark (tab-separated, score in column 5, sentences in 6 and 7) and SICK-R
// (header line, columns pair_ID, sentence_A, sentence_B, relatedness_score) by split.
// Sentences are stored whitespace re-joined, as SimCSE's batcher hands them to the tokenizer.
// Paper: §6.1 Evaluation setup (the seven STS tasks); Appendix B
#pragma once

#include <string>
#include <vector>

namespace simcse {

enum class Split { train, dev, test };
const char* split_name(Split split);  // "train", "dev", "test"

struct StsPair {
  std::string sentence_a, sentence_b;
  double gold;  // the human similarity rating (0-5 for STS, 1-5 for SICK)
};

// One scored set: a SemEval subset ("MSRpar") or a split of STS-B / SICK-R ("test").
struct StsDataset {
  std::string name;
  std::vector<StsPair> pairs;
};

struct StsTask {
  std::string name;                   // "STS12" ... "STS16", "STSBenchmark", "SICKRelatedness"
  std::vector<StsDataset> datasets;   // STS12-16: the year's subsets; STS-B, SICK-R: the one split
};

// The seven STS task names in SimCSE's order.
const std::vector<std::string>& sts_task_names();
bool is_sts_task(const std::string& name);

// Loads a task from a SentEval data folder (the one holding downstream/). STS12-16 have only a
// test set; `split` picks STS-B's and SICK-R's. Errors name the task and the path or file:line.
StsTask load_sts_task(const std::string& task, const std::string& senteval_dir, Split split = Split::test);

}  // namespace simcse
