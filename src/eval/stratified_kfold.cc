// stratified_kfold.cc — sklearn's StratifiedKFold._make_test_folds, then split().
// Paper: Appendix E (Transfer tasks)
#include "eval/stratified_kfold.h"

#include <algorithm>
#include <map>

#include "core/error.h"
#include "eval/reference_random.h"

namespace simcse {

std::vector<Fold> stratified_kfold(const std::vector<int32_t>& labels, int n_splits, uint32_t seed) {
  const int64_t n = static_cast<int64_t>(labels.size());
  SIMCSE_CHECK(n_splits >= 2, "stratified_kfold: needs at least 2 folds, got ", n_splits);
  SIMCSE_CHECK(n >= n_splits, "stratified_kfold: cannot cut ", n, " samples into ", n_splits, " folds");

  // Classes numbered by first appearance (sklearn's y_encoded).
  std::map<int32_t, int> class_of_label;
  std::vector<int> encoded(n);
  for (int64_t i = 0; i < n; ++i)
    encoded[i] = class_of_label.emplace(labels[i], static_cast<int>(class_of_label.size())).first->second;
  const int classes = static_cast<int>(class_of_label.size());
  std::vector<int64_t> class_size(classes, 0);
  for (int c : encoded) ++class_size[c];
  SIMCSE_CHECK(std::any_of(class_size.begin(), class_size.end(), [&](int64_t size) { return size >= n_splits; }),
               "stratified_kfold: ", n_splits, " folds but no class has that many members");

  // allocation[f][c]: how many samples of class c fold f tests on, dealing the sorted class
  // numbers round-robin to the folds (sorted position p goes to fold p % n_splits).
  std::vector<int> sorted_classes = encoded;
  std::sort(sorted_classes.begin(), sorted_classes.end());
  std::vector<std::vector<int64_t>> allocation(n_splits, std::vector<int64_t>(classes, 0));
  for (int64_t p = 0; p < n; ++p) ++allocation[p % n_splits][sorted_classes[p]];

  // Per class, the fold numbers in blocks (0,0,..,1,1,..) shuffled with one RandomState, then
  // handed to the class's samples in index order.
  NumpyRandomState random(seed);
  std::vector<int> test_fold(n);
  for (int c = 0; c < classes; ++c) {
    std::vector<int> folds_for_class;
    for (int f = 0; f < n_splits; ++f) folds_for_class.insert(folds_for_class.end(), allocation[f][c], f);
    random.shuffle(folds_for_class);
    size_t next = 0;
    for (int64_t i = 0; i < n; ++i)
      if (encoded[i] == c) test_fold[i] = folds_for_class[next++];
  }

  std::vector<Fold> folds(n_splits);
  for (int64_t i = 0; i < n; ++i)
    for (int f = 0; f < n_splits; ++f) (test_fold[i] == f ? folds[f].test : folds[f].train).push_back(i);
  return folds;
}

}  // namespace simcse
