// training_plot.cc — from the JSONL log to a CSV, a gnuplot script and a PNG: loss on the left
// axis, the evaluation metric(s) on the right.
// Paper: §7 Analysis (Figure 2)
#include "cli/training_plot.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "eval/gnuplot.h"
#include "io/atomic_file.h"

namespace simcse::cli {

namespace fs = std::filesystem;

std::string write_training_plot(const std::string& log_path, const std::string& directory) {
  std::ifstream log(log_path);
  std::map<int64_t, std::map<std::string, double>> rows;  // step -> column -> value
  std::set<std::string> columns;
  for (std::string line; std::getline(log, line);) {
    if (line.empty()) continue;
    const nlohmann::json record = nlohmann::json::parse(line);
    const int64_t step = record.value("step", int64_t{0});
    for (const auto& [key, value] : record.items()) {
      if (key != "loss" && key.rfind("eval_", 0) != 0) continue;
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
  write_file_atomically(script.string(), [&](std::ostream& out) {
    out << "set terminal pngcairo size 900,500\nset output " << gnuplot_quoted(png.string()) << "\n"
        << "set datafile separator ','\nset datafile missing ''\nset key outside right\nset xlabel 'step'\n"
        << "set ylabel 'training loss'\nset y2label 'evaluation'\nset ytics nomirror\nset y2tics\n"
        << "set title 'simcse train: " << fs::path(directory).filename().string() << "'\nplot ";
    for (size_t i = 0; i < names.size(); ++i) {
      const bool loss = names[i] == "loss";
      out << (i ? ", " : "") << gnuplot_quoted(csv.string()) << " using 1:" << i + 2 << " with "
          << (loss ? "lines axes x1y1" : "linespoints axes x1y2") << " title " << gnuplot_quoted(names[i]);
    }
    out << "\n";
  });
  const PlotOutcome outcome = run_gnuplot(script.string());
  return outcome.rendered ? "plot: " + png.string()
                          : "no plot (" + outcome.message + "); the data is in " + csv.string();
}

}  // namespace simcse::cli
