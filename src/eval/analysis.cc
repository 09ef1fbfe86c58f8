// analysis.cc — alignment, uniformity, singular values and cosine-by-gold groups.
// Paper: §2 (eqs. 2-3), §3 (Figure 2), §5, §7 (Figure 3), Appendices F and G
#include "eval/analysis.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "eval/sts_eval.h"
#include "ops/l2_normalize.h"
#include "ops/layout.h"
#include "ops/matmul.h"

// LAPACK's divide-and-conquer SVD, from OpenBLAS (already linked for the GEMM).
extern "C" void dgesdd_(const char* jobz, const int* m, const int* n, double* a, const int* lda, double* s, double* u,
                        const int* ldu, double* vt, const int* ldvt, double* work, const int* lwork, int* iwork,
                        int* info);

namespace simcse {

namespace {

// The rows of x, each divided by its length, as doubles (a zero row stays zero).
std::vector<double> normalised_rows(const Tensor& x) {
  SIMCSE_CHECK(x.rank() == 2, "expected embeddings [n, hidden], got ", x.shape());
  const std::vector<Scalar> values = x.to_vector();
  const int64_t hidden = x.dim(1);
  std::vector<double> rows(values.begin(), values.end());
  for (int64_t i = 0; i < x.dim(0); ++i) {
    double squared = 0;
    for (int64_t d = 0; d < hidden; ++d) squared += rows[i * hidden + d] * rows[i * hidden + d];
    if (squared > 0)
      for (int64_t d = 0; d < hidden; ++d) rows[i * hidden + d] /= std::sqrt(squared);
  }
  return rows;
}

}  // namespace

double alignment(const Tensor& a, const Tensor& b, double alpha) {
  SIMCSE_CHECK(a.rank() == 2 && a.shape() == b.shape() && a.dim(0) > 0,
               "alignment: expected two equal [n, hidden] with n > 0, got ", a.shape(), " and ", b.shape());
  const std::vector<double> left = normalised_rows(a), right = normalised_rows(b);
  const int64_t hidden = a.dim(1);
  double sum = 0;
  for (int64_t i = 0; i < a.dim(0); ++i) {
    double squared_distance = 0;
    for (int64_t d = 0; d < hidden; ++d) {
      const double difference = left[i * hidden + d] - right[i * hidden + d];
      squared_distance += difference * difference;
    }
    sum += std::pow(squared_distance, alpha / 2);  // ||a_i - b_i||^alpha
  }
  return sum / static_cast<double>(a.dim(0));
}

double uniformity(const Tensor& x, double t) {
  SIMCSE_CHECK(x.rank() == 2 && x.dim(0) >= 2, "uniformity: needs at least 2 embeddings, got ", x.shape());
  // ||x_i - x_j||^2 = 2 - 2 x_i.x_j for unit rows; the n x n dot products are one GEMM (float,
  // as torch.pdist computes them), the exponentials are summed in double.
  const Tensor unit = l2_normalize(x);
  const std::vector<Scalar> dots = matmul(unit, unit, false, /*transpose_b=*/true).to_vector();  // [n, n]
  const int64_t n = x.dim(0);
  double sum = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = i + 1; j < n; ++j) {
      const double squared_distance =
          std::max(0.0, static_cast<double>(dots[i * n + i]) + dots[j * n + j] - 2.0 * dots[i * n + j]);
      sum += std::exp(-t * squared_distance);
    }
  return std::log(sum / (0.5 * static_cast<double>(n) * static_cast<double>(n - 1)));
}

AlignmentUniformity alignment_uniformity(const Tensor& embeddings_a, const Tensor& embeddings_b,
                                         const std::vector<double>& gold) {
  SIMCSE_CHECK(embeddings_a.dim(0) == static_cast<int64_t>(gold.size()), "alignment_uniformity: ",
               embeddings_a.dim(0), " pairs but ", gold.size(), " gold scores");
  std::vector<int64_t> positives;  // SimCSE's p_pos: pairs rated above 4
  for (size_t i = 0; i < gold.size(); ++i)
    if (gold[i] > 4) positives.push_back(static_cast<int64_t>(i));
  SIMCSE_CHECK(!positives.empty(), "alignment_uniformity: no pair has a gold score above 4");
  const auto rows = [](const Tensor& x, const std::vector<int64_t>& which) {
    std::vector<Tensor> picked;
    for (int64_t i : which) picked.push_back(slice(x, 0, i, 1));
    return concat(picked, 0);
  };
  AlignmentUniformity result;
  result.alignment = alignment(rows(embeddings_a, positives), rows(embeddings_b, positives));
  result.uniformity = uniformity(concat({embeddings_a, embeddings_b}, 0));
  result.positive_pairs = static_cast<int64_t>(positives.size());
  result.sentences = 2 * embeddings_a.dim(0);
  return result;
}

AlignmentUniformity stsb_alignment_uniformity(const SentenceEncoder& encoder, const std::string& senteval_dir) {
  const StsDataset dev = load_sts_task("STSBenchmark", senteval_dir, Split::dev).datasets.at(0);
  std::vector<std::string> sentences;
  std::vector<double> gold;
  for (const StsPair& pair : dev.pairs) sentences.push_back(pair.sentence_a);
  for (const StsPair& pair : dev.pairs) sentences.push_back(pair.sentence_b);
  for (const StsPair& pair : dev.pairs) gold.push_back(pair.gold);
  const Tensor embedded = embed_sentences(encoder, sentences);
  const auto n = static_cast<int64_t>(dev.pairs.size());
  return alignment_uniformity(slice(embedded, 0, 0, n), slice(embedded, 0, n, n), gold);
}

std::vector<double> singular_values(const Tensor& x) {
  SIMCSE_CHECK(x.rank() == 2 && x.dim(0) > 0, "singular_values: expected embeddings [n, hidden], got ", x.shape());
  std::vector<double> matrix = normalised_rows(x);
  // LAPACK is column-major: our row-major [n, hidden] is its [hidden, n], whose singular values
  // are the same. dgesdd with jobz 'N' computes only the values; the first call asks for the
  // workspace size.
  const int rows = static_cast<int>(x.dim(1)), cols = static_cast<int>(x.dim(0)), unused = 1;
  std::vector<double> values(std::min(rows, cols));
  std::vector<int> integer_work(8 * values.size());
  double work_size = 0, unused_matrix = 0;
  int query = -1, info = 0;
  dgesdd_("N", &rows, &cols, matrix.data(), &rows, values.data(), &unused_matrix, &unused, &unused_matrix, &unused,
          &work_size, &query, integer_work.data(), &info);
  int work_length = static_cast<int>(work_size);
  std::vector<double> work(work_length);
  dgesdd_("N", &rows, &cols, matrix.data(), &rows, values.data(), &unused_matrix, &unused, &unused_matrix, &unused,
          work.data(), &work_length, integer_work.data(), &info);
  SIMCSE_CHECK(info == 0, "singular_values: LAPACK dgesdd failed (info ", info, ") on ", x.shape());
  return values;  // descending
}

int gold_group(double gold) { return std::clamp(static_cast<int>(std::floor(gold)), 0, 4); }  // 5.0 joins [4, 5]

std::vector<GoldBucket> cosines_by_gold(const std::vector<double>& cosines, const std::vector<double>& gold) {
  SIMCSE_CHECK(cosines.size() == gold.size(), "cosines_by_gold: ", cosines.size(), " cosines but ", gold.size(),
               " gold scores");
  std::vector<GoldBucket> buckets;
  for (int low = 0; low < 5; ++low) buckets.push_back({static_cast<double>(low), low + 1.0, {}});
  for (size_t i = 0; i < gold.size(); ++i) buckets[gold_group(gold[i])].cosines.push_back(cosines[i]);
  return buckets;
}

}  // namespace simcse
