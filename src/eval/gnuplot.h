// gnuplot.h — rendering a plot: the analysis writes its data as CSV and a gnuplot script next to
// it, then runs gnuplot (Debian's gnuplot-nox, installed by `make deps`) to make the PNG. Without
// gnuplot the CSVs and scripts are still written and the caller says how to get the pictures.
// Paper: none (infrastructure for the §3, §5, §7 and Appendix F-G figures)
#pragma once

#include <string>
#include <vector>

namespace simcse {

struct PlotOutcome {
  bool rendered = false;
  std::string message;   // why not, when not rendered
  std::string warnings;  // what gnuplot printed while rendering ("" for a clean plot)
};

// Runs `gnuplot script_path` (no shell involved) and reports whether it succeeded, with what it
// printed on stderr as `warnings` (or, when it failed, in `message`) instead of on the terminal.
PlotOutcome run_gnuplot(const std::string& script_path);

// The opening lines of every script: a PNG of width x height pixels at png_path, 11-point text.
// Text is literal (noenhanced: gnuplot's default would read the _ of tiny_run or
// eval_pairs_spearman as a subscript) and UTF-8, so labels write ‖x‖² as such.
std::string gnuplot_png_preamble(const std::string& png_path, int width, int height);

// "[low:high]" holding every value with `below` and `above` x their span added on either side. One
// value (or all equal) gets a small range around it, where gnuplot's autoscale would warn "empty
// range". Needs at least one value.
std::string gnuplot_range(const std::vector<double>& values, double below = 0.08, double above = 0.08);

// A string as a gnuplot string literal in single quotes ('' stands for a quote inside).
std::string gnuplot_quoted(const std::string& text);

}  // namespace simcse
