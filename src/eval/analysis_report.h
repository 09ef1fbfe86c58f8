// analysis_report.h — `simcse analyze`: the STS-B dev analysis of one or more models side by side
// (e.g. BERT before and after SimCSE training), written as CSV files, gnuplot scripts and PNGs:
//   alignment_uniformity.csv/.png  each model a point in the (uniformity, alignment) plane, joined
//                                  in the order given (Figure 3, §7; a training run's log of the
//                                  same numbers at each evaluation draws Figure 2's trajectory, §3)
//   singular_values.csv/.png       the spectrum, each model's divided by its largest (Appendix F)
//   cosine_by_gold.csv             every dev pair: gold score, its group, cosine
//   cosine_density.csv/.png        cosine histograms (densities) per gold group (Appendix G)
// Paper: §3 (Figure 2), §5, §7 (Figure 3), Appendices F and G
#pragma once

#include <string>
#include <vector>

#include "eval/analysis.h"
#include "eval/gnuplot.h"
#include "eval/embed_sentences.h"

namespace simcse {

struct LabelledEncoder {
  std::string label;  // how the model is named in the CSVs and plots
  SentenceEncoder encoder;
};

struct ModelAnalysis {
  std::string label;
  AlignmentUniformity geometry;
  std::vector<double> singular_values;  // largest first
  std::vector<double> cosines, gold;    // per STS-B dev pair
};

ModelAnalysis analyse_on_stsb_dev(const LabelledEncoder& model, const std::string& senteval_dir);

// Writes the files above into out_dir (created if needed); returns the plots' outcome (the CSVs
// and scripts are written either way).
PlotOutcome write_analysis(const std::vector<ModelAnalysis>& models, const std::string& out_dir);

// Figure 2 (§3) from any sequence of points (a training log), or Figure 3 (§7) from models: CSV +
// script + PNG under path_prefix.
struct AlignmentUniformityPoint {
  std::string label;
  AlignmentUniformity value;
};
PlotOutcome write_alignment_uniformity_plot(const std::vector<AlignmentUniformityPoint>& points,
                                            const std::string& path_prefix);

}  // namespace simcse
