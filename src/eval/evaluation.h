// evaluation.h — SimCSE's evaluation.py: which tasks a --task_set names, what each --mode sets
// (test: the test splits, 10 folds, Adam, batch 64, tenacity 5, epoch size 4; dev and fasttest:
// 5 folds, RMSprop, batch 128, tenacity 3, epoch size 2, with dev reporting the dev splits), and
// running the chosen tasks on an encoder.
// Paper: §6.1 Evaluation setup; Appendix E (Transfer tasks)
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "eval/sts_eval.h"
#include "eval/transfer_eval.h"

namespace simcse {

enum class EvalMode { test, dev, fasttest };
EvalMode parse_eval_mode(const std::string& name);  // "test", "dev", "fasttest"
const char* eval_mode_name(EvalMode mode);

// evaluation.py's params['kfold'] and params['classifier'] for the mode.
TransferSettings transfer_settings(EvalMode mode);

// STS-B and SICK-R are scored on their dev split in dev mode, on the test split otherwise.
Split sts_split(EvalMode mode);

// --task_set sts | transfer | full chooses SimCSE's lists; na keeps `tasks` (checked against the
// fourteen tasks this evaluation knows).
std::vector<std::string> tasks_for_set(const std::string& task_set, const std::vector<std::string>& tasks);

// evaluation.py's default --tasks.
const std::vector<std::string>& default_task_list();

struct EvaluationResults {
  EvalMode mode = EvalMode::test;
  std::vector<StsTaskResult> sts;
  std::vector<TransferResult> transfer;
  std::vector<std::pair<std::string, double>> seconds;  // wall time per task, for logs (not in tables)
};

// Runs the tasks in order; `progress`, when given, receives one line per finished task.
EvaluationResults run_evaluation(const SentenceEncoder& encoder, const std::vector<std::string>& tasks, EvalMode mode,
                                 const std::string& senteval_dir,
                                 const std::function<void(const std::string&)>& progress = {});

// The distinct sentences the tasks embed, in first-use order (for `simcse eval --dump_sentences`,
// so another program can embed exactly these and hand them back through precomputed_encoder).
std::vector<std::string> sentences_of_tasks(const std::vector<std::string>& tasks, EvalMode mode,
                                            const std::string& senteval_dir);

}  // namespace simcse
