// gnuplot.h — rendering a plot: the analysis writes its data as CSV and a gnuplot script next to
// it, then runs gnuplot (Debian's gnuplot-nox, installed by `make deps`) to make the PNG. Without
// gnuplot the CSVs and scripts are still written and the caller says how to get the pictures.
// Paper: none (infrastructure for the §5, §7 and Appendix F-G figures)
#pragma once

#include <string>

namespace simcse {

struct PlotOutcome {
  bool rendered = false;
  std::string message;  // why not, when not rendered
};

// Runs `gnuplot script_path` (no shell involved) and reports whether it succeeded.
PlotOutcome run_gnuplot(const std::string& script_path);

// A string as a gnuplot string literal in single quotes ('' stands for a quote inside).
std::string gnuplot_quoted(const std::string& text);

}  // namespace simcse
