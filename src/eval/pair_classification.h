// pair_classification.h — a labelled pair set scored as a text-matching model is selected: the
// Spearman correlation of the pairs' cosines with their labels (the STS protocol), and, when the
// labels are 0/1, the pairs classified by a cosine threshold: precision, recall and F1 at the
// threshold that maximises F1, and accuracy at the threshold that maximises accuracy (the numbers
// of scikit-learn's precision_recall_curve and roc_curve, and of sentence-transformers'
// BinaryClassificationEvaluator).
// Paper: §6.1 (the STS protocol); a threshold classifier on cosines is the practice of text matching
#pragma once

#include <string>
#include <vector>

#include "eval/embed_sentences.h"
#include "eval/sts_data.h"

namespace simcse {

// A pair is predicted positive when its cosine is >= threshold.
struct ThresholdScores {
  double f1 = 0, precision = 0, recall = 0, f1_threshold = 0;
  double accuracy = 0, accuracy_threshold = 0;
};

// Over every threshold that separates the cosines (ties stay together): the best F1 (the lowest
// threshold among equal F1s, as argmax over scikit-learn's increasing thresholds picks) and the
// best accuracy (predicting every pair negative included). `labels` are 0 or 1 and hold at least
// one 1.
ThresholdScores best_thresholds(const std::vector<double>& cosines, const std::vector<double>& labels);

struct PairScores {
  std::string name;
  int64_t pairs = 0;
  double spearman = 0, pearson = 0;  // of the cosines with the labels
  bool binary = false;               // every label is 0 or 1 (then `thresholds` is filled)
  ThresholdScores thresholds;
};

// Embeds both sides of every pair of the (one-dataset) task and scores them.
PairScores evaluate_pairs(const SentenceEncoder& encoder, const StsTask& task);

}  // namespace simcse
