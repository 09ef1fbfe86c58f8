// sts_eval.cc — cosine similarities and the per-subset, "all", "mean" and "wmean" correlations.
// Paper: §6.1 Evaluation setup; Appendix B
#include "eval/sts_eval.h"

#include <cmath>

#include "core/error.h"
#include "eval/statistics.h"
#include "ops/layout.h"

namespace simcse {

std::vector<double> paired_cosines(const Tensor& a, const Tensor& b) {
  SIMCSE_CHECK(a.rank() == 2 && a.shape() == b.shape(), "paired_cosines: expected two [n, hidden] tensors, got ",
               a.shape(), " and ", b.shape());
  const std::vector<Scalar> left = a.to_vector(), right = b.to_vector();
  const int64_t hidden = a.dim(1);
  std::vector<double> cosines(a.dim(0));
  for (int64_t i = 0; i < a.dim(0); ++i) cosines[i] = cosine_similarity(&left[i * hidden], &right[i * hidden], hidden);
  return cosines;
}

std::vector<double> task_cosines(const SentenceEncoder& encoder, const StsTask& task) {
  // One embedding call for the whole task: all first sentences, then all second sentences.
  std::vector<std::string> sentences_a, sentences_b;
  for (const StsDataset& dataset : task.datasets)
    for (const StsPair& pair : dataset.pairs) {
      sentences_a.push_back(pair.sentence_a);
      sentences_b.push_back(pair.sentence_b);
    }
  std::vector<std::string> both = sentences_a;
  both.insert(both.end(), sentences_b.begin(), sentences_b.end());
  const Tensor embedded = embed_sentences(encoder, both);  // [2 * pairs, hidden]
  const int64_t total = static_cast<int64_t>(sentences_a.size());
  SIMCSE_CHECK(total >= 2, task.name, ": needs at least 2 scored pairs, found ", total);
  return paired_cosines(slice(embedded, 0, 0, total), slice(embedded, 0, total, total));
}

StsTaskResult evaluate_sts(const SentenceEncoder& encoder, const StsTask& task) {
  const std::vector<double> cosines = task_cosines(encoder, task);
  const int64_t total = static_cast<int64_t>(cosines.size());

  StsTaskResult result{task.name, {}, {}, 0, 0, 0, 0};
  std::vector<double> all_gold;
  std::vector<double> pearsons, spearmans, weights;
  size_t offset = 0;
  for (const StsDataset& dataset : task.datasets) {
    std::vector<double> system(cosines.begin() + offset, cosines.begin() + offset + dataset.pairs.size());
    std::vector<double> gold;
    for (const StsPair& pair : dataset.pairs) gold.push_back(pair.gold);
    SIMCSE_CHECK(gold.size() >= 2, task.name, "/", dataset.name, ": needs at least 2 scored pairs, found ", gold.size());
    const Correlations scores{pearson(system, gold), spearman(system, gold), static_cast<int64_t>(gold.size())};
    result.datasets.emplace_back(dataset.name, scores);
    pearsons.push_back(scores.pearson);
    spearmans.push_back(scores.spearman);
    weights.push_back(static_cast<double>(scores.pairs));
    all_gold.insert(all_gold.end(), gold.begin(), gold.end());
    offset += dataset.pairs.size();
  }
  result.all = {pearson(cosines, all_gold), spearman(cosines, all_gold), total};
  result.pearson_mean = numpy_mean(pearsons);
  result.spearman_mean = numpy_mean(spearmans);
  // numpy.average(values, weights=w) = sum(values * w) / sum(w)
  const auto weighted_mean = [&](const std::vector<double>& values) {
    std::vector<double> products;
    for (size_t i = 0; i < values.size(); ++i) products.push_back(values[i] * weights[i]);
    return numpy_sum(products) / numpy_sum(weights);
  };
  result.pearson_wmean = weighted_mean(pearsons);
  result.spearman_wmean = weighted_mean(spearmans);
  return result;
}

double stsb_spearman(const SentenceEncoder& encoder, const std::string& senteval_dir, Split split) {
  return evaluate_sts(encoder, load_sts_task("STSBenchmark", senteval_dir, split)).all.spearman;
}

}  // namespace simcse
