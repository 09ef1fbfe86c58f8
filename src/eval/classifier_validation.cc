// classifier_validation.cc — SentEval's InnerKFoldClassifier, KFoldClassifier and SplitClassifier.
// Paper: Appendix E (Transfer tasks)
#include "eval/classifier_validation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "eval/statistics.h"
#include "eval/stratified_kfold.h"

namespace simcse {

namespace {

// SentEval holds out this fraction of the training data to early-stop the final classifier.
constexpr double kFinalValidationFraction = 0.05;

LabelledFeatures take(const LabelledFeatures& data, const std::vector<int64_t>& rows) {
  return {take_rows(data.x, rows), take_labels(data.y, rows)};
}

// Trains job(0) .. job(count - 1), one classifier per OpenMP thread at a time. Every training is
// a pure function of its inputs (it seeds its own random streams), so the results do not depend
// on the thread count or on which thread ran what; inside a job the ops run single-threaded (no
// nested parallelism), which for these small products is also the fastest. An error in any job is
// rethrown once all have finished.
template <typename Job>
void run_classifiers(int64_t count, const Job& job) {
  std::vector<std::exception_ptr> errors(count);
#pragma omp parallel for schedule(dynamic, 1)
  for (int64_t i = 0; i < count; ++i) {
    try {
      job(i);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  }
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

// Mean accuracy over the folds for each penalty, in percent rounded as NumPy rounds, and the
// index of the first best one (numpy.argmax). Each (penalty, fold) classifier early-stops on the
// fold it is scored on, as SentEval's cross-validation does.
struct GridScores {
  std::vector<double> percent;
  size_t best;
};

GridScores kfold_grid_scores(const LabelledFeatures& data, const std::vector<Fold>& folds, int classes,
                             const ClassifierConfig& config) {
  const auto grid_size = static_cast<int64_t>(l2_grid().size()), fold_count = static_cast<int64_t>(folds.size());
  std::vector<double> accuracy(grid_size * fold_count);  // [penalty][fold]
  run_classifiers(grid_size * fold_count, [&](int64_t job) {
    const Fold& fold = folds[job % fold_count];
    const LabelledFeatures train = take(data, fold.train), validation = take(data, fold.test);
    LogisticRegression classifier(train.x.dim(1), classes, l2_grid()[job / fold_count], config);
    classifier.fit(train.x, train.y, validation.x, validation.y);
    accuracy[job] = classifier.accuracy(validation.x, validation.y);
  });
  GridScores scores{{}, 0};
  for (int64_t g = 0; g < grid_size; ++g) {
    const std::vector<double> fold_accuracies(accuracy.begin() + g * fold_count, accuracy.begin() + (g + 1) * fold_count);
    scores.percent.push_back(numpy_round2(100 * numpy_mean(fold_accuracies)));
  }
  scores.best = std::max_element(scores.percent.begin(), scores.percent.end()) - scores.percent.begin();
  return scores;
}

}  // namespace

const std::vector<double>& l2_grid() {
  static const std::vector<double> grid = {1e-5, 1e-4, 1e-3, 1e-2};
  return grid;
}

double python_round2(double x) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", x);  // glibc rounds the exact binary value, ties to even
  return std::strtod(text, nullptr);
}

double numpy_round2(double x) { return std::nearbyint(x * 100) / 100; }

ValidatedAccuracy inner_kfold_accuracy(const LabelledFeatures& data, int classes, int kfold,
                                       const ClassifierConfig& config) {
  const std::vector<Fold> outer_folds = stratified_kfold(data.y, kfold, kSentEvalSeed);
  ValidatedAccuracy result;
  std::vector<double> dev_results, test_results(outer_folds.size());
  for (const Fold& outer : outer_folds) {  // the penalty of each outer fold, by inner k-fold on its training part
    const LabelledFeatures train = take(data, outer.train);
    const GridScores grid = kfold_grid_scores(train, stratified_kfold(train.y, kfold, kSentEvalSeed), classes, config);
    result.chosen_l2.push_back(l2_grid()[grid.best]);
    dev_results.push_back(grid.percent[grid.best]);
  }
  run_classifiers(static_cast<int64_t>(outer_folds.size()), [&](int64_t f) {  // then test each outer fold
    const LabelledFeatures train = take(data, outer_folds[f].train), test = take(data, outer_folds[f].test);
    LogisticRegression classifier(train.x.dim(1), classes, result.chosen_l2[f], config);
    classifier.fit(train.x, train.y, kFinalValidationFraction);
    test_results[f] = python_round2(100 * classifier.accuracy(test.x, test.y));
  });
  result.dev_accuracy = numpy_round2(numpy_mean(dev_results));
  result.test_accuracy = numpy_round2(numpy_mean(test_results));
  return result;
}

ValidatedAccuracy kfold_accuracy(const LabelledFeatures& train, const LabelledFeatures& test, int classes, int kfold,
                                 const ClassifierConfig& config) {
  const GridScores grid = kfold_grid_scores(train, stratified_kfold(train.y, kfold, kSentEvalSeed), classes, config);
  ValidatedAccuracy result;
  result.dev_accuracy = grid.percent[grid.best];
  result.chosen_l2 = {l2_grid()[grid.best]};
  run_classifiers(1, [&](int64_t) {  // the chosen penalty on the whole training set
    LogisticRegression classifier(train.x.dim(1), classes, result.chosen_l2[0], config);
    classifier.fit(train.x, train.y, kFinalValidationFraction);
    result.test_predictions = classifier.predict(test.x);
    result.test_accuracy = python_round2(100 * classifier.accuracy(test.x, test.y));
  });
  return result;
}

ValidatedAccuracy split_accuracy(const LabelledFeatures& train, const LabelledFeatures& dev,
                                 const LabelledFeatures& test, int classes, const ClassifierConfig& config) {
  // SentEval retrains the chosen penalty from the same seed, which reproduces the classifier
  // already trained for it; keeping each penalty's test predictions gives the same numbers
  // without the second training.
  const auto grid_size = static_cast<int64_t>(l2_grid().size());
  std::vector<double> dev_percent(grid_size), test_percent(grid_size);
  std::vector<std::vector<int32_t>> test_predictions(grid_size);
  run_classifiers(grid_size, [&](int64_t g) {
    LogisticRegression classifier(train.x.dim(1), classes, l2_grid()[g], config);
    classifier.fit(train.x, train.y, dev.x, dev.y);
    dev_percent[g] = python_round2(100 * classifier.accuracy(dev.x, dev.y));
    test_predictions[g] = classifier.predict(test.x);
    test_percent[g] = python_round2(100 * classifier.accuracy(test.x, test.y));
  });
  const size_t best = std::max_element(dev_percent.begin(), dev_percent.end()) - dev_percent.begin();
  ValidatedAccuracy result;
  result.dev_accuracy = dev_percent[best];
  result.chosen_l2 = {l2_grid()[best]};
  result.test_predictions = test_predictions[best];
  result.test_accuracy = test_percent[best];
  return result;
}

}  // namespace simcse
