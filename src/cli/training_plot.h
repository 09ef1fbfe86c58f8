// training_plot.h — training_curves.png: the training loss and the evaluation metrics against the
// step, drawn by gnuplot from training_log.jsonl (the trajectory behind the paper's Figure 2 when
// alignment and uniformity were logged).
// Paper: §3 Why does it work? (Figure 2); Appendix A (model selection on STS-B dev)
#pragma once

#include <string>

namespace simcse::cli {

// Writes training_curves.csv / .gp / .png into `directory`; returns a line saying what was made
// (or why the PNG was not: no gnuplot), or "" when the log has nothing to plot.
std::string write_training_plot(const std::string& log_path, const std::string& directory);

}  // namespace simcse::cli
