// result_tables.cc — evaluation.py's tables, PrettyTable rendering, and the JSON report.
// Paper: §6.2 Main results; Appendix B
#include "eval/result_tables.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace simcse {

namespace {

const StsTaskResult* find_sts(const EvaluationResults& results, const std::string& task) {
  for (const StsTaskResult& result : results.sts)
    if (result.task == task) return &result;
  return nullptr;
}

const TransferResult* find_transfer(const EvaluationResults& results, const std::string& task) {
  for (const TransferResult& result : results.transfer)
    if (result.task == task) return &result;
  return nullptr;
}

// evaluation.py averages the printed strings: sum(float(s) for s in scores) / len(scores).
void append_average(ScoreTable& table) {
  double sum = 0;
  for (const std::string& cell : table.cells) sum += std::strtod(cell.c_str(), nullptr);
  table.columns.push_back("Avg.");
  table.cells.push_back(format_two_decimals(sum / static_cast<double>(table.cells.size())));
}

// The STS score evaluation.py prints: "all" Spearman for STS12-16, the split's for STS-B and SICK-R.
double printed_sts_score(const StsTaskResult& result) {
  const bool one_split = result.task == "STSBenchmark" || result.task == "SICKRelatedness";
  return one_split ? result.datasets.at(0).second.spearman : result.all.spearman;
}

// Python's str.center for one cell: when the padding is odd, the extra space goes right of text
// of odd length and left of text of even length.
std::string centred(const std::string& text, size_t width) {
  const size_t excess = width - text.size();
  size_t left = excess / 2;
  if (excess % 2 == 1 && text.size() % 2 == 0) ++left;
  return std::string(left, ' ') + text + std::string(excess - left, ' ');
}

nlohmann::json correlations_json(const Correlations& c) {
  return {{"pearson", c.pearson}, {"spearman", c.spearman}, {"pairs", c.pairs}};
}

}  // namespace

std::string format_two_decimals(double x) {
  if (std::isnan(x)) return "nan";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", x);
  return text;
}

std::vector<ScoreTable> summary_tables(const EvaluationResults& results) {
  const bool dev = results.mode == EvalMode::dev;
  ScoreTable sts, transfer;
  const std::vector<std::string> sts_columns =
      dev ? std::vector<std::string>{"STSBenchmark", "SICKRelatedness"} : sts_task_names();
  for (const std::string& task : sts_columns) {
    const StsTaskResult* result = find_sts(results, task);
    sts.columns.push_back(task);
    sts.cells.push_back(result ? format_two_decimals(100 * printed_sts_score(*result)) : "0.00");
  }
  if (!dev) append_average(sts);
  for (const char* task : {"MR", "CR", "SUBJ", "MPQA", "SST2", "TREC", "MRPC"}) {  // evaluation.py's order
    const TransferResult* result = find_transfer(results, task);
    transfer.columns.push_back(task);
    transfer.cells.push_back(result ? format_two_decimals(dev ? result->dev_accuracy : result->test_accuracy) : "0.00");
  }
  append_average(transfer);
  return {sts, transfer};
}

std::string render_table(const ScoreTable& table) {
  std::string rule = "+", header = "|", row = "|";
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const size_t width = std::max(table.columns[c].size(), table.cells[c].size());
    rule.append(width + 2, '-').append("+");
    header.append(" ").append(centred(table.columns[c], width)).append(" |");
    row.append(" ").append(centred(table.cells[c], width)).append(" |");
  }
  return rule + "\n" + header + "\n" + rule + "\n" + row + "\n" + rule + "\n";
}

std::string format_report(const EvaluationResults& results) {
  std::string report = std::string("------ ") + eval_mode_name(results.mode) + " ------\n";
  for (const ScoreTable& table : summary_tables(results)) report += render_table(table);
  return report;
}

nlohmann::json results_json(const EvaluationResults& results) {
  nlohmann::json tasks = nlohmann::json::object();
  for (const StsTaskResult& result : results.sts) {
    nlohmann::json datasets = nlohmann::json::object();
    for (const auto& [name, correlations] : result.datasets) datasets[name] = correlations_json(correlations);
    tasks[result.task] = {
        {"datasets", datasets},
        {"all", correlations_json(result.all)},
        {"mean", {{"pearson", result.pearson_mean}, {"spearman", result.spearman_mean}}},
        {"wmean", {{"pearson", result.pearson_wmean}, {"spearman", result.spearman_wmean}}},
        {"printed_spearman_x100", 100 * printed_sts_score(result)},
    };
  }
  for (const TransferResult& result : results.transfer) {
    nlohmann::json entry = {{"devacc", result.dev_accuracy}, {"acc", result.test_accuracy},
                            {"ndev", result.dev_count},      {"ntest", result.test_count},
                            {"chosen_l2", result.chosen_l2}};
    if (!std::isnan(result.f1)) entry["f1"] = result.f1;
    tasks[result.task] = entry;
  }
  nlohmann::json tables = nlohmann::json::array();
  for (const ScoreTable& table : summary_tables(results)) tables.push_back({{"columns", table.columns}, {"cells", table.cells}});
  nlohmann::json seconds = nlohmann::json::object();
  for (const auto& [task, time] : results.seconds) seconds[task] = time;
  return {{"mode", eval_mode_name(results.mode)}, {"tasks", tasks}, {"tables", tables}, {"seconds", seconds}};
}

ScoreTable pair_scores_table(const PairScores& scores) {
  ScoreTable table{{"Spearman", "Pearson"}, {format_two_decimals(100 * scores.spearman), format_two_decimals(100 * scores.pearson)}};
  if (!scores.binary) return table;
  const ThresholdScores& t = scores.thresholds;
  char threshold[32];
  for (const auto& [name, value] : std::vector<std::pair<const char*, double>>{
           {"F1", t.f1}, {"Precision", t.precision}, {"Recall", t.recall}, {"Accuracy", t.accuracy}}) {
    table.columns.push_back(name);
    table.cells.push_back(format_two_decimals(100 * value));
  }
  for (const auto& [name, value] :
       std::vector<std::pair<const char*, double>>{{"F1 threshold", t.f1_threshold}, {"Acc. threshold", t.accuracy_threshold}}) {
    std::snprintf(threshold, sizeof threshold, "%.4f", value);
    table.columns.push_back(name);
    table.cells.push_back(threshold);
  }
  return table;
}

nlohmann::json pair_scores_json(const PairScores& scores) {
  nlohmann::json document = {{"pairs_file", scores.name}, {"pairs", scores.pairs}, {"spearman", scores.spearman},
                             {"pearson", scores.pearson}, {"binary_labels", scores.binary}};
  if (scores.binary) {
    const ThresholdScores& t = scores.thresholds;
    document["f1"] = t.f1, document["precision"] = t.precision, document["recall"] = t.recall;
    document["f1_threshold"] = t.f1_threshold;
    document["accuracy"] = t.accuracy, document["accuracy_threshold"] = t.accuracy_threshold;
  }
  return document;
}

}  // namespace simcse
