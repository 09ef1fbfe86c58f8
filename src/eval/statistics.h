// statistics.h — the correlations STS is scored with, in double precision: Pearson's r and
// Spearman's rho with average ranks for ties (scipy.stats.pearsonr / spearmanr), plus the mean in
// NumPy's summation order, which SentEval's averages and roundings depend on.
// Paper: §6.1 Evaluation setup (Spearman's correlation); Appendix B (Spearman vs Pearson)
#pragma once

#include <vector>

namespace simcse {

// Ranks 1..n; values that tie share the average of the ranks they span (scipy's "average"):
// {10, 20, 20, 30} -> {1, 2.5, 2.5, 4}.
std::vector<double> average_ranks(const std::vector<double>& values);

// Pearson's r of two equally long series (n >= 2); NaN when either is constant (as scipy).
double pearson(const std::vector<double>& x, const std::vector<double>& y);

// Spearman's rho: Pearson's r of the average ranks.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// numpy.sum and numpy.mean of float64: NumPy sums pairwise (8 interleaved accumulators), not left
// to right, and SentEval rounds such means to two decimals, so the order decides near-ties.
double numpy_sum(const std::vector<double>& values);
double numpy_mean(const std::vector<double>& values);

}  // namespace simcse
