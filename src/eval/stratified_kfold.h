// stratified_kfold.h — scikit-learn's StratifiedKFold(n_splits, shuffle=True, random_state=seed):
// how SentEval cuts the cross-validation folds. Each fold's test part gets a share of every class
// proportional to its size (dealt round-robin over the sorted labels), and which samples of a
// class go to which fold is a NumPy shuffle of the fold numbers, so the folds equal sklearn's.
// Paper: Appendix E (Transfer tasks: 10-fold cross-validation in test mode, 5-fold in dev mode)
#pragma once

#include <cstdint>
#include <vector>

namespace simcse {

struct Fold {
  std::vector<int64_t> train, test;  // indices into the labels, ascending
};

// The folds in sklearn's order. Errors (as sklearn's ValueError) when n_splits < 2, when there
// are fewer samples than folds, or when every class is smaller than n_splits.
std::vector<Fold> stratified_kfold(const std::vector<int32_t>& labels, int n_splits, uint32_t seed);

}  // namespace simcse
