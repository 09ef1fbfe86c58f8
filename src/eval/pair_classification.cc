// pair_classification.cc — Spearman of cosines with labels; the best F1 and accuracy thresholds.
// Paper: §6.1
#include "eval/pair_classification.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "eval/statistics.h"
#include "eval/sts_eval.h"

namespace simcse {

ThresholdScores best_thresholds(const std::vector<double>& cosines, const std::vector<double>& labels) {
  SIMCSE_CHECK(cosines.size() == labels.size(), "best_thresholds: ", cosines.size(), " cosines but ", labels.size(),
               " labels");
  const int64_t n = static_cast<int64_t>(cosines.size());
  const int64_t positives = static_cast<int64_t>(std::count(labels.begin(), labels.end(), 1.0));
  SIMCSE_CHECK(positives > 0, "best_thresholds: no pair is labelled 1");
  std::vector<int64_t> order(n);  // highest cosine first
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return cosines[a] > cosines[b]; });

  // Lower the threshold one group of equal cosines at a time; after each group, every pair at or
  // above it is predicted positive: tp true positives, fp false ones.
  ThresholdScores best;
  best.accuracy = static_cast<double>(n - positives) / n;  // threshold above every cosine
  best.accuracy_threshold = cosines[order[0]] + 1;
  int64_t tp = 0, fp = 0;
  for (int64_t i = 0; i < n;) {
    const double threshold = cosines[order[i]];
    for (; i < n && cosines[order[i]] == threshold; ++i) (labels[order[i]] == 1 ? tp : fp) += 1;
    const double f1 = 2.0 * tp / (2.0 * tp + fp + (positives - tp));
    if (f1 >= best.f1) {  // >=: among equal F1s the lowest threshold, the last one reached
      best.f1 = f1, best.f1_threshold = threshold;
      best.precision = static_cast<double>(tp) / (tp + fp);
      best.recall = static_cast<double>(tp) / positives;
    }
    const double accuracy = static_cast<double>(tp + (n - positives - fp)) / n;
    if (accuracy > best.accuracy) best.accuracy = accuracy, best.accuracy_threshold = threshold;
  }
  return best;
}

PairScores evaluate_pairs(const SentenceEncoder& encoder, const StsTask& task) {
  SIMCSE_CHECK(task.datasets.size() == 1, "evaluate_pairs: ", task.name, " has ", task.datasets.size(),
               " datasets, expected one");
  const StsDataset& dataset = task.datasets[0];
  std::vector<double> labels;
  for (const StsPair& pair : dataset.pairs) labels.push_back(pair.gold);
  const std::vector<double> cosines = task_cosines(encoder, task);
  PairScores scores;
  scores.name = dataset.name;
  scores.pairs = static_cast<int64_t>(labels.size());
  scores.spearman = spearman(cosines, labels);
  scores.pearson = pearson(cosines, labels);
  scores.binary = std::all_of(labels.begin(), labels.end(), [](double label) { return label == 0 || label == 1; }) &&
                  std::count(labels.begin(), labels.end(), 1.0) > 0;
  if (scores.binary) scores.thresholds = best_thresholds(cosines, labels);
  return scores;
}

}  // namespace simcse
