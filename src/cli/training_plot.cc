// training_plot.cc — from the JSONL log to a CSV, a gnuplot script and a PNG: loss on the left
// axis, the evaluation metric(s) on the right.
// Paper: §3 Why does it work? (Figure 2)
#include "cli/training_plot.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "core/error.h"
#include "eval/gnuplot.h"
#include "io/atomic_file.h"
#include "io/json_file.h"
#include "io/line_reader.h"

namespace simcse::cli {

namespace fs = std::filesystem;

std::string write_training_plot(const std::string& log_path, const std::string& directory) {
  std::ifstream log(log_path, std::ios::binary);
  std::map<int64_t, std::map<std::string, double>> rows;  // step -> column -> value
  std::set<std::string> columns;
  LineReader lines(log, log_path);
  for (std::string line; lines.next(line);) {
    if (line.empty()) continue;
    const std::string source = log_path + ":" + std::to_string(lines.line_number());
    const nlohmann::json record = parse_json(line, source);
    SIMCSE_CHECK(record.is_object() && record.value("step", nlohmann::json()).is_number_integer(), source,
                 ": not a training log record (a JSON object with an integer \"step\")");
    const int64_t step = record["step"].get<int64_t>();
    for (const auto& [key, value] : record.items()) {
      if (key != "loss" && key.rfind("eval_", 0) != 0) continue;
      SIMCSE_CHECK(value.is_number(), source, ": \"", key, "\" is not a number");
      rows[step][key] = value.get<double>();
      columns.insert(key);
    }
  }
  if (columns.empty()) return "";
  const std::vector<std::string> names(columns.begin(), columns.end());
  const fs::path csv = fs::path(directory) / "training_curves.csv", script = fs::path(directory) / "training_curves.gp";
  const fs::path png = fs::path(directory) / "training_curves.png";
  write_file_atomically(csv.string(), [&](std::ostream& out) {
    out << "step";
    for (const std::string& name : names) out << "," << name;
    out << "\n";
    for (const auto& [step, values] : rows) {
      out << step;
      for (const std::string& name : names) {
        out << ",";
        if (values.count(name)) out << values.at(name);
      }
      out << "\n";
    }
  });
  // Each axis holds its own data: the steps and the evaluation metrics with a margin, the loss from
  // 0 to above its first (largest) values, so no point sits on or beyond the frame.
  std::vector<double> steps, losses, evaluations;
  for (const auto& [step, values] : rows) {
    steps.push_back(static_cast<double>(step));
    for (const auto& [name, value] : values) (name == "loss" ? losses : evaluations).push_back(value);
  }
  write_file_atomically(script.string(), [&](std::ostream& out) {
    out << gnuplot_png_preamble(png.string(), 900, 500) << "set datafile separator ','\nset datafile missing ''\n"
        << "set key below\nset xlabel 'step'\nset xrange " << gnuplot_range(steps, 0.02, 0.02) << "\nset title "
        << gnuplot_quoted("simcse train: " + fs::path(directory).filename().string()) << "\n";
    if (!losses.empty()) {
      losses.push_back(0);
      out << "set ylabel 'training loss'\nset ytics nomirror\nset yrange " << gnuplot_range(losses, 0, 0.08) << "\n";
    }
    // The metrics on the right axis next to a loss, else on the left (an axis without data warns).
    const std::string metric_axis = losses.empty() ? "y" : "y2";
    if (!evaluations.empty())
      out << "set " << metric_axis << "label 'evaluation'\nset " << metric_axis << "tics\nset " << metric_axis
          << "range " << gnuplot_range(evaluations) << "\n";
    out << "plot ";
    for (size_t i = 0; i < names.size(); ++i) {
      const bool loss = names[i] == "loss";
      out << (i ? ", " : "") << gnuplot_quoted(csv.string()) << " using 1:" << i + 2 << " with "
          << (loss ? "lines axes x1y1" : metric_axis == "y" ? "linespoints axes x1y1" : "linespoints axes x1y2")
          << " title " << gnuplot_quoted(names[i]);
    }
    out << "\n";
  });
  const PlotOutcome outcome = run_gnuplot(script.string());
  if (!outcome.rendered) return "no plot (" + outcome.message + "); the data is in " + csv.string();
  return "plot: " + png.string() + (outcome.warnings.empty() ? "" : "\ngnuplot said: " + outcome.warnings);
}

}  // namespace simcse::cli
