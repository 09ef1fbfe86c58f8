// test_gnuplot.cc — the plots' gnuplot plumbing: axis ranges that hold the data (one value
// included), literal text, and gnuplot's warnings coming back to the caller instead of the
// terminal, so a single-model alignment/uniformity plot is checked to render without any.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "eval/analysis_report.h"
#include "eval/gnuplot.h"

namespace simcse {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the system's temporary directory, removed at the end of the test.
struct TemporaryFolder {
  fs::path path = fs::temp_directory_path() / ("simcse_gnuplot_" + std::to_string(::getpid()));
  TemporaryFolder() { fs::create_directories(path); }
  ~TemporaryFolder() { fs::remove_all(path); }
};

std::string file_text(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(Gnuplot, RangesHoldTheValuesWithTheirMargins) {
  EXPECT_EQ(gnuplot_range({1, 3, 2}, 0.1, 0.2), "[0.8:3.4]");  // span 2: 0.2 below, 0.4 above
  EXPECT_EQ(gnuplot_range({0, 2.5}, 0, 0.08), "[0:2.7]");      // the loss axis: from 0, 8% above
  // One value (a single model): 5% of it on either side instead of gnuplot's "empty range".
  EXPECT_EQ(gnuplot_range({-2}), "[-2.1:-1.9]");
  EXPECT_EQ(gnuplot_range({0}), "[-0.01:0.01]");
  EXPECT_THROW(gnuplot_range({}), Error);
}

TEST(Gnuplot, TextIsLiteral) {
  const std::string preamble = gnuplot_png_preamble("out dir/it's.png", 900, 500);
  EXPECT_NE(preamble.find("set terminal pngcairo noenhanced size 900,500"), std::string::npos) << preamble;
  EXPECT_NE(preamble.find("set output 'out dir/it''s.png'"), std::string::npos) << preamble;
  EXPECT_NE(preamble.find("set encoding utf8"), std::string::npos) << preamble;
}

// The warning the old single-model plot printed, now returned to the caller.
TEST(Gnuplot, WarningsComeBackInsteadOfGoingToTheTerminal) {
  TemporaryFolder folder;
  const fs::path script = folder.path / "one_point.gp";
  std::ofstream(script) << gnuplot_png_preamble((folder.path / "one_point.png").string(), 300, 200)
                        << "plot '-' using 1:2 with points notitle\n1 1\ne\n";
  const PlotOutcome outcome = run_gnuplot(script.string());
  if (!outcome.rendered) {  // no gnuplot on this machine: the caller is told why
    EXPECT_NE(outcome.message.find("gnuplot"), std::string::npos) << outcome.message;
    return;
  }
  EXPECT_NE(outcome.warnings.find("empty x range"), std::string::npos) << outcome.warnings;
}

TEST(Gnuplot, OneModelsAlignmentUniformityPlotRendersWithoutWarnings) {
  TemporaryFolder folder;
  const std::string prefix = (folder.path / "alignment_uniformity").string();
  const PlotOutcome outcome = write_alignment_uniformity_plot({{"tiny_run", {0.23, -1.08, 208, 3000}}}, prefix);
  const std::string script = file_text(prefix + ".gp");
  EXPECT_NE(script.find("noenhanced"), std::string::npos) << script;
  EXPECT_NE(script.find("set xrange [-1.134:-1.026]"), std::string::npos) << script;  // -1.08 +- 5%
  if (!outcome.rendered) {
    EXPECT_NE(outcome.message.find("gnuplot"), std::string::npos) << outcome.message;
    return;
  }
  EXPECT_EQ(outcome.warnings, "");
  EXPECT_GT(fs::file_size(prefix + ".png"), 1000u);
}

}  // namespace
}  // namespace simcse
