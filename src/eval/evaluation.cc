// evaluation.cc — task sets, mode settings and the task loop of SimCSE's evaluation.py.
// Paper: §6.1 Evaluation setup; Appendix E (Transfer tasks)
#include "eval/evaluation.h"

#include <chrono>
#include <cstdio>
#include <unordered_set>

#include "core/error.h"
#include "eval/transfer_data.h"

namespace simcse {

EvalMode parse_eval_mode(const std::string& name) {
  if (name == "test") return EvalMode::test;
  if (name == "dev") return EvalMode::dev;
  if (name == "fasttest") return EvalMode::fasttest;
  fail("unknown evaluation mode '", name, "' (expected test, dev or fasttest)");
}

const char* eval_mode_name(EvalMode mode) {
  switch (mode) {
    case EvalMode::test: return "test";
    case EvalMode::dev: return "dev";
    case EvalMode::fasttest: return "fasttest";
  }
  return "?";
}

TransferSettings transfer_settings(EvalMode mode) {
  TransferSettings settings;
  if (mode == EvalMode::test) {  // "Full mode"
    settings.kfold = 10;
    settings.classifier = {OptimizerKind::adam, 64, /*tenacity=*/5, /*epoch_size=*/4};
  } else {  // "Fast mode"
    settings.kfold = 5;
    settings.classifier = {OptimizerKind::rmsprop, 128, /*tenacity=*/3, /*epoch_size=*/2};
  }
  return settings;
}

Split sts_split(EvalMode mode) { return mode == EvalMode::dev ? Split::dev : Split::test; }

const std::vector<std::string>& default_task_list() {
  static const std::vector<std::string> tasks = {"STS12", "STS13", "STS14", "STS15", "STS16", "MR", "CR",
                                                 "MPQA",  "SUBJ",  "SST2",  "TREC",  "MRPC", "SICKRelatedness",
                                                 "STSBenchmark"};
  return tasks;
}

std::vector<std::string> tasks_for_set(const std::string& task_set, const std::vector<std::string>& tasks) {
  std::vector<std::string> chosen;
  if (task_set == "sts" || task_set == "full") chosen = sts_task_names();
  if (task_set == "transfer" || task_set == "full")
    chosen.insert(chosen.end(), transfer_task_names().begin(), transfer_task_names().end());
  if (task_set == "na") chosen = tasks;
  if (task_set != "sts" && task_set != "transfer" && task_set != "full" && task_set != "na")
    fail("unknown task set '", task_set, "' (expected sts, transfer, full or na)");
  for (const std::string& task : chosen)
    if (!is_sts_task(task) && !is_transfer_task(task))
      fail("unknown task '", task, "' (known: STS12 STS13 STS14 STS15 STS16 STSBenchmark SICKRelatedness MR CR MPQA ",
           "SUBJ SST2 TREC MRPC)");
  return chosen;
}

EvaluationResults run_evaluation(const SentenceEncoder& encoder, const std::vector<std::string>& tasks, EvalMode mode,
                                 const std::string& senteval_dir, const std::function<void(const std::string&)>& progress) {
  EvaluationResults results;
  results.mode = mode;
  for (const std::string& task : tasks) {
    const auto start = std::chrono::steady_clock::now();
    char line[256];
    if (is_sts_task(task)) {
      results.sts.push_back(evaluate_sts(encoder, load_sts_task(task, senteval_dir, sts_split(mode))));
      std::snprintf(line, sizeof line, "%s: Spearman %.2f, Pearson %.2f (all)", task.c_str(),
                    100 * results.sts.back().all.spearman, 100 * results.sts.back().all.pearson);
    } else if (is_transfer_task(task)) {
      results.transfer.push_back(evaluate_transfer(encoder, task, senteval_dir, transfer_settings(mode)));
      std::snprintf(line, sizeof line, "%s: dev accuracy %.2f, test accuracy %.2f", task.c_str(),
                    results.transfer.back().dev_accuracy, results.transfer.back().test_accuracy);
    } else {
      fail("unknown task '", task, "'");
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    results.seconds.emplace_back(task, seconds);
    if (progress) {
      char timing[64];
      std::snprintf(timing, sizeof timing, " [%.1f s]", seconds);
      progress(std::string(line) + timing);
    }
  }
  return results;
}

std::vector<std::string> sentences_of_tasks(const std::vector<std::string>& tasks, EvalMode mode,
                                            const std::string& senteval_dir) {
  std::vector<std::string> sentences;
  std::unordered_set<std::string> seen;
  const auto add = [&](const std::vector<std::string>& list) {
    for (const std::string& sentence : list)
      if (seen.insert(sentence).second) sentences.push_back(sentence);
  };
  for (const std::string& task : tasks) {
    if (is_sts_task(task)) {
      for (const StsDataset& dataset : load_sts_task(task, senteval_dir, sts_split(mode)).datasets) {
        std::vector<std::string> list;
        for (const StsPair& pair : dataset.pairs) list.push_back(pair.sentence_a);
        for (const StsPair& pair : dataset.pairs) list.push_back(pair.sentence_b);
        add(list);
      }
    } else if (task == "SST2") {
      const SstData data = load_sst2(senteval_dir);
      for (const auto* part : {&data.train, &data.dev, &data.test}) add(part->sentences);
    } else if (task == "TREC") {
      const TrecData data = load_trec(senteval_dir);
      add(data.train.sentences);
      add(data.test.sentences);
    } else if (task == "MRPC") {
      const MrpcData data = load_mrpc(senteval_dir);
      for (const auto* part : {&data.train, &data.test}) {
        add(part->first);
        add(part->second);
      }
    } else {
      add(load_binary_task(task, senteval_dir).sentences);
    }
  }
  return sentences;
}

}  // namespace simcse
