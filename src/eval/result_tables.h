// result_tables.h — the output of `simcse eval`: the tables SimCSE's evaluation.py prints, cell
// for cell (a "------ mode ------" line, then PrettyTable boxes of scores x100 with two decimals
// and an "Avg." column; a task that was not run shows 0.00 and still counts in the average, as
// there), and the --json document with every number behind them.
// Paper: §6.2 Main results (the tables this reproduces); Appendix B (Pearson, mean, wmean)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "eval/evaluation.h"
#include "eval/pair_classification.h"

namespace simcse {

struct ScoreTable {
  std::vector<std::string> columns;  // task names, then "Avg." where evaluation.py adds one
  std::vector<std::string> cells;    // "%.2f" of each score
};

// Test/fasttest: the seven STS tasks + Avg., then the seven transfer accuracies + Avg.
// Dev: STS-B and SICK-R dev Spearman (no average), then the transfer dev accuracies + Avg.
std::vector<ScoreTable> summary_tables(const EvaluationResults& results);

// A PrettyTable with one row: columns as wide as their longest cell plus one space each side,
// text centred the way Python's str.center does it.
std::string render_table(const ScoreTable& table);

// "------ test ------" followed by the rendered tables.
std::string format_report(const EvaluationResults& results);

// Every figure: per task the Spearman and Pearson of each subset and of "all", "mean", "wmean"
// (correlations in [-1, 1], as SentEval stores them); transfer dev/test accuracy in percent, sample
// counts, chosen L2, MRPC's F1; and the printed tables.
nlohmann::json results_json(const EvaluationResults& results);

// `simcse eval --pairs_file`: Spearman and Pearson x 100; with 0/1 labels also F1, precision and
// recall x 100 at the best-F1 threshold, accuracy x 100 at its own, and both thresholds (cosines).
ScoreTable pair_scores_table(const PairScores& scores);
nlohmann::json pair_scores_json(const PairScores& scores);

// Python's "%.2f" % x ("nan" for NaN, never "-nan").
std::string format_two_decimals(double x);

}  // namespace simcse
