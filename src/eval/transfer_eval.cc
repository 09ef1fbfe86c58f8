// transfer_eval.cc — embedding, features and the validation protocol of each transfer task.
// Paper: Appendix E (Transfer tasks)
#include "eval/transfer_eval.h"

#include <cmath>

#include "core/error.h"
#include "eval/transfer_data.h"
#include "ops/layout.h"

namespace simcse {

namespace {

// Embeds several sentence lists in one call (shared sentences are embedded once) and splits the rows.
std::vector<Tensor> embed_lists(const SentenceEncoder& encoder, const std::vector<const std::vector<std::string>*>& lists) {
  std::vector<std::string> all;
  for (const auto* list : lists) all.insert(all.end(), list->begin(), list->end());
  const Tensor embedded = embed_sentences(encoder, all);
  std::vector<Tensor> parts;
  int64_t offset = 0;
  for (const auto* list : lists) {
    const auto rows = static_cast<int64_t>(list->size());
    parts.push_back(slice(embedded, 0, offset, rows));
    offset += rows;
  }
  return parts;
}

// F1 of label 1 (sklearn's f1_score for binary labels): 2 tp / (2 tp + fp + fn).
double f1_of_positive(const std::vector<int32_t>& truth, const std::vector<int32_t>& predicted) {
  int64_t tp = 0, fp = 0, fn = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    tp += truth[i] == 1 && predicted[i] == 1;
    fp += truth[i] != 1 && predicted[i] == 1;
    fn += truth[i] == 1 && predicted[i] != 1;
  }
  return tp == 0 ? 0.0 : 2.0 * tp / static_cast<double>(2 * tp + fp + fn);
}

}  // namespace

Tensor pair_features(const Tensor& u, const Tensor& v) {
  SIMCSE_CHECK(u.rank() == 2 && u.shape() == v.shape(), "pair_features: expected two [n, hidden], got ", u.shape(),
               " and ", v.shape());
  const int64_t n = u.dim(0), hidden = u.dim(1);
  Tensor features = Tensor::empty(Shape({n, 2 * hidden}));
  const Scalar *a = u.data(), *b = v.data();
  Scalar* out = features.data();
  for (int64_t i = 0; i < n; ++i)
    for (int64_t d = 0; d < hidden; ++d) {
      out[i * 2 * hidden + d] = std::abs(a[i * hidden + d] - b[i * hidden + d]);
      out[i * 2 * hidden + hidden + d] = a[i * hidden + d] * b[i * hidden + d];
    }
  return features;
}

TransferResult evaluate_transfer(const SentenceEncoder& encoder, const std::string& task,
                                 const std::string& senteval_dir, const TransferSettings& settings) {
  TransferResult result;
  result.task = task;
  ValidatedAccuracy accuracy;
  if (task == "MR" || task == "CR" || task == "SUBJ" || task == "MPQA") {
    const LabelledSentences data = load_binary_task(task, senteval_dir);
    const Tensor x = embed_lists(encoder, {&data.sentences})[0];
    accuracy = inner_kfold_accuracy({x, data.labels}, 2, settings.kfold, settings.classifier);
    result.dev_count = result.test_count = static_cast<int64_t>(data.labels.size());
  } else if (task == "SST2") {
    const SstData data = load_sst2(senteval_dir);
    const auto x = embed_lists(encoder, {&data.train.sentences, &data.dev.sentences, &data.test.sentences});
    accuracy = split_accuracy({x[0], data.train.labels}, {x[1], data.dev.labels}, {x[2], data.test.labels}, 2,
                              settings.classifier);
    result.dev_count = static_cast<int64_t>(data.dev.labels.size());
    result.test_count = static_cast<int64_t>(data.test.labels.size());
  } else if (task == "TREC") {
    const TrecData data = load_trec(senteval_dir);
    const auto x = embed_lists(encoder, {&data.train.sentences, &data.test.sentences});
    accuracy = kfold_accuracy({x[0], data.train.labels}, {x[1], data.test.labels}, 6, settings.kfold, settings.classifier);
    result.dev_count = static_cast<int64_t>(data.train.labels.size());
    result.test_count = static_cast<int64_t>(data.test.labels.size());
  } else if (task == "MRPC") {
    const MrpcData data = load_mrpc(senteval_dir);
    const auto x = embed_lists(encoder, {&data.train.first, &data.train.second, &data.test.first, &data.test.second});
    accuracy = kfold_accuracy({pair_features(x[0], x[1]), data.train.labels}, {pair_features(x[2], x[3]), data.test.labels},
                              2, settings.kfold, settings.classifier);
    result.f1 = python_round2(100 * f1_of_positive(data.test.labels, accuracy.test_predictions));
    result.dev_count = static_cast<int64_t>(data.train.labels.size());
    result.test_count = static_cast<int64_t>(data.test.labels.size());
  } else {
    fail("unknown transfer task '", task, "' (known: MR, CR, MPQA, SUBJ, SST2, TREC, MRPC)");
  }
  result.dev_accuracy = accuracy.dev_accuracy;
  result.test_accuracy = accuracy.test_accuracy;
  result.chosen_l2 = accuracy.chosen_l2;
  return result;
}

}  // namespace simcse
