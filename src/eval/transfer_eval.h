// transfer_eval.h — one SentEval transfer task end to end: load it, embed its sentences with the
// frozen encoder, build the classifier's features (the sentence embedding; for MRPC's sentence
// pairs [|u - v|, u * v], as SentEval's mrpc.py), and run the task's validation protocol.
// Paper: Appendix E (Transfer tasks)
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "eval/classifier_validation.h"
#include "eval/embed_sentences.h"

namespace simcse {

// What evaluation.py sets per mode: folds, and the classifier's optimiser, batch, tenacity, epoch size.
struct TransferSettings {
  int kfold = 10;
  ClassifierConfig classifier;
};

struct TransferResult {
  std::string task;
  double dev_accuracy = 0, test_accuracy = 0;  // percent, rounded as SentEval rounds them
  int64_t dev_count = 0, test_count = 0;       // SentEval's ndev / ntest
  double f1 = std::numeric_limits<double>::quiet_NaN();  // MRPC only: F1 of the paraphrase class, percent
  std::vector<double> chosen_l2;
};

TransferResult evaluate_transfer(const SentenceEncoder& encoder, const std::string& task,
                                 const std::string& senteval_dir, const TransferSettings& settings);

// MRPC's pair features [|u - v|, u * v]: [n, 2 * hidden] from u, v [n, hidden].
Tensor pair_features(const Tensor& u, const Tensor& v);

}  // namespace simcse
