// classifier_validation.h — how SentEval picks the L2 penalty and measures accuracy, one function
// per protocol (senteval/tools/validation.py), all over the grid l2 in {1e-5, 1e-4, 1e-3, 1e-2}:
//   inner k-fold (MR, CR, SUBJ, MPQA): k outer folds; in each, k inner folds choose the penalty,
//     a classifier with it is trained on the outer training part and tested on the held-out fold;
//   k-fold (TREC, MRPC): k folds of the training set choose the penalty, then train on all of it
//     and test on the fixed test set;
//   split (SST2): the dev set chooses the penalty; test on the test set.
// Accuracies are percentages rounded to two decimals where SentEval rounds them, with Python's
// round or NumPy's as SentEval happens to use (they differ on ties such as 81.235).
// Paper: Appendix E (Transfer tasks)
#pragma once

#include <vector>

#include "core/tensor.h"
#include "eval/logistic_regression.h"

namespace simcse {

// [10**t for t in range(-5, -1)]: SentEval's penalty grid for its PyTorch classifier.
const std::vector<double>& l2_grid();

struct ValidatedAccuracy {
  double dev_accuracy = 0;   // percent: the cross-validation / dev accuracy of the chosen penalty
  double test_accuracy = 0;  // percent
  std::vector<double> chosen_l2;             // per outer fold (inner k-fold) or one value
  std::vector<int32_t> test_predictions;     // k-fold and split protocols
};

struct LabelledFeatures {
  Tensor x;                  // [n, dim]
  std::vector<int32_t> y;    // n labels in [0, classes)
};

ValidatedAccuracy inner_kfold_accuracy(const LabelledFeatures& data, int classes, int kfold,
                                       const ClassifierConfig& config);
ValidatedAccuracy kfold_accuracy(const LabelledFeatures& train, const LabelledFeatures& test, int classes, int kfold,
                                 const ClassifierConfig& config);
ValidatedAccuracy split_accuracy(const LabelledFeatures& train, const LabelledFeatures& dev,
                                 const LabelledFeatures& test, int classes, const ClassifierConfig& config);

// round(x, 2) on a Python float (correctly rounded) and on a NumPy float64 (rint(100 x) / 100).
double python_round2(double x);
double numpy_round2(double x);

}  // namespace simcse
