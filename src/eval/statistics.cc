// statistics.cc — Pearson, Spearman with tied ranks, and NumPy's pairwise mean.
// Paper: §6.1 Evaluation setup; Appendix B
#include "eval/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"

namespace simcse {

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t start = 0; start < order.size();) {
    size_t end = start + 1;  // [start, end) is one run of equal values
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const double shared_rank = 0.5 * static_cast<double>(start + 1 + end);  // mean of ranks start+1 .. end
    for (size_t i = start; i < end; ++i) ranks[order[i]] = shared_rank;
    start = end;
  }
  return ranks;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  SIMCSE_CHECK(x.size() == y.size(), "pearson: series of different lengths (", x.size(), " and ", y.size(), ")");
  SIMCSE_CHECK(x.size() >= 2, "pearson: needs at least 2 values, got ", x.size());
  const double n = static_cast<double>(x.size());
  const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;  // centred sums; two passes keep them accurate
  for (size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - mean_x, dy = y[i] - mean_y;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0 || syy == 0) return std::numeric_limits<double>::quiet_NaN();
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  SIMCSE_CHECK(x.size() == y.size(), "spearman: series of different lengths (", x.size(), " and ", y.size(), ")");
  return pearson(average_ranks(x), average_ranks(y));
}

// NumPy's pairwise_sum for float64: short runs left to right, up to 128 values in 8 interleaved
// accumulators combined as a tree, longer runs split in halves (multiples of 8).
static double pairwise_sum(const double* values, size_t n) {
  if (n < 8) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += values[i];
    return sum;
  }
  if (n <= 128) {
    double partial[8];
    std::copy(values, values + 8, partial);
    size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (size_t j = 0; j < 8; ++j) partial[j] += values[i + j];
    double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                 ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    for (; i < n; ++i) sum += values[i];
    return sum;
  }
  size_t half = n / 2;
  half -= half % 8;
  return pairwise_sum(values, half) + pairwise_sum(values + half, n - half);
}

double numpy_sum(const std::vector<double>& values) { return pairwise_sum(values.data(), values.size()); }

double numpy_mean(const std::vector<double>& values) {
  SIMCSE_CHECK(!values.empty(), "numpy_mean: no values");
  return numpy_sum(values) / static_cast<double>(values.size());
}

}  // namespace simcse
