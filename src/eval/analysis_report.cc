// analysis_report.cc — the analysis CSVs and their gnuplot scripts.
// Paper: §3 (Figure 2), §5, §7 (Figure 3), Appendices F and G
#include "eval/analysis_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "eval/sts_eval.h"
#include "ops/layout.h"

namespace simcse {

namespace {

constexpr int kDensityBins = 40;  // over cosine in [-1, 1]: bins 0.05 wide

std::ofstream open_for_writing(const std::string& path) {
  std::ofstream file(path);
  if (!file) fail("cannot write ", path);
  file.precision(10);
  return file;
}

// Labels go into CSV cells and gnuplot strings: keep them free of commas and quotes.
std::string csv_label(const std::string& label) {
  std::string clean = label;
  for (char& c : clean)
    if (c == ',' || c == '"' || c == '\'' || c == '\n') c = '_';
  return clean;
}

// Finishes a script with the PNG it draws into, writes it, and runs gnuplot on it.
PlotOutcome render(const std::string& script_path, const std::string& png_path, const std::string& body) {
  std::ofstream script = open_for_writing(script_path);
  script << gnuplot_png_preamble(png_path, 900, 600) << "set datafile separator ','\n"
         << "set key outside right top\n"
         << body;
  script.close();
  return run_gnuplot(script_path);
}

// "plot" clauses selecting one model's rows of a long CSV whose first column is the model.
std::string model_filter(const std::string& label, const std::string& column) {
  return "(strcol(1) eq " + gnuplot_quoted(csv_label(label)) + " ? " + column + " : NaN)";
}

}  // namespace

ModelAnalysis analyse_on_stsb_dev(const LabelledEncoder& model, const std::string& senteval_dir) {
  const StsDataset dev = load_sts_task("STSBenchmark", senteval_dir, Split::dev).datasets.at(0);
  std::vector<std::string> sentences;
  ModelAnalysis analysis;
  analysis.label = model.label;
  for (const StsPair& pair : dev.pairs) sentences.push_back(pair.sentence_a);
  for (const StsPair& pair : dev.pairs) sentences.push_back(pair.sentence_b);
  for (const StsPair& pair : dev.pairs) analysis.gold.push_back(pair.gold);
  const Tensor embedded = embed_sentences(model.encoder, sentences);  // [2 * pairs, hidden]
  const auto n = static_cast<int64_t>(dev.pairs.size());
  const Tensor first = slice(embedded, 0, 0, n), second = slice(embedded, 0, n, n);
  analysis.geometry = alignment_uniformity(first, second, analysis.gold);
  analysis.singular_values = singular_values(embedded);
  analysis.cosines = paired_cosines(first, second);
  return analysis;
}

PlotOutcome write_alignment_uniformity_plot(const std::vector<AlignmentUniformityPoint>& points,
                                            const std::string& path_prefix) {
  {
    std::ofstream csv = open_for_writing(path_prefix + ".csv");
    csv << "model,alignment,uniformity,positive_pairs,sentences\n";
    for (const auto& point : points)
      csv << csv_label(point.label) << "," << point.value.alignment << "," << point.value.uniformity << ","
          << point.value.positive_pairs << "," << point.value.sentences << "\n";
  }
  // Ranges from the points themselves, with room on the right for the labels: gnuplot's autoscale
  // would warn "empty range" for a single model.
  std::vector<double> uniformity, alignment;
  for (const auto& point : points) {
    uniformity.push_back(point.value.uniformity);
    alignment.push_back(point.value.alignment);
  }
  const std::string csv = gnuplot_quoted(path_prefix + ".csv");
  return render(path_prefix + ".gp", path_prefix + ".png",
                "set title 'Alignment and uniformity on STS-B dev (lower is better on both axes)'\n"
                "set xlabel 'uniformity  log E exp(−2 ‖f(x) − f(y)‖²)'\n"
                "set ylabel 'alignment  E ‖f(x) − f(x⁺)‖²'\n"
                "set xrange " + gnuplot_range(uniformity, 0.1, 0.4) + "\n" +
                "set yrange " + gnuplot_range(alignment, 0.15, 0.3) + "\n" +
                "plot " + csv + " skip 1 using 3:2 with linespoints pt 7 ps 1.5 notitle, \\\n"
                "     " + csv + " skip 1 using 3:2:1 with labels offset char 1,1 left notitle\n");
}

PlotOutcome write_analysis(const std::vector<ModelAnalysis>& models, const std::string& out_dir) {
  SIMCSE_CHECK(!models.empty(), "write_analysis: no model to analyse");
  std::filesystem::create_directories(out_dir);
  const std::string dir = out_dir + "/";

  std::vector<AlignmentUniformityPoint> points;
  for (const ModelAnalysis& model : models) points.push_back({model.label, model.geometry});
  std::vector<PlotOutcome> outcomes = {write_alignment_uniformity_plot(points, dir + "alignment_uniformity")};

  {
    std::ofstream csv = open_for_writing(dir + "singular_values.csv");
    csv << "model,index,singular_value,normalised\n";
    for (const ModelAnalysis& model : models)
      for (size_t i = 0; i < model.singular_values.size(); ++i)
        csv << csv_label(model.label) << "," << i + 1 << "," << model.singular_values[i] << ","
            << model.singular_values[i] / model.singular_values[0] << "\n";
  }
  std::string spectrum = "set title 'Singular values of the STS-B dev embedding matrix (rows normalised), largest = 1'\n"
                         "set xlabel 'index'\nset ylabel 'singular value / largest'\n"
                         "set logscale y\nset format y '%g'\nplot ";
  for (size_t m = 0; m < models.size(); ++m)
    spectrum += std::string(m ? ", \\\n     " : "") + gnuplot_quoted(dir + "singular_values.csv") + " skip 1 using 2:" +
                model_filter(models[m].label, "$4") + " with lines lw 2 title " + gnuplot_quoted(csv_label(models[m].label));
  outcomes.push_back(render(dir + "singular_values.gp", dir + "singular_values.png", spectrum + "\n"));

  {
    std::ofstream pairs = open_for_writing(dir + "cosine_by_gold.csv");
    std::ofstream density = open_for_writing(dir + "cosine_density.csv");
    pairs << "model,pair,gold,group,cosine\n";
    density << "model,group,bin_centre,density\n";
    for (const ModelAnalysis& model : models) {
      const std::vector<GoldBucket> buckets = cosines_by_gold(model.cosines, model.gold);
      for (size_t i = 0; i < model.cosines.size(); ++i)
        pairs << csv_label(model.label) << "," << i << "," << model.gold[i] << ","
              << gold_group(model.gold[i]) << "," << model.cosines[i] << "\n";
      for (size_t b = 0; b < buckets.size(); ++b) {
        std::vector<double> counts(kDensityBins, 0);
        for (double cosine : buckets[b].cosines)
          ++counts[std::clamp(static_cast<int>((cosine + 1) / 2 * kDensityBins), 0, kDensityBins - 1)];
        const double width = 2.0 / kDensityBins, total = static_cast<double>(buckets[b].cosines.size());
        for (int k = 0; k < kDensityBins; ++k)
          density << csv_label(model.label) << "," << b << "," << -1 + (k + 0.5) * width << ","
                  << (total > 0 ? counts[k] / (total * width) : 0.0) << "\n";
      }
    }
  }
  // One panel per gold group, highest on top as in Appendix G.
  std::string ridge = "set multiplot layout 5,1 title 'Cosine similarity of STS-B dev pairs by gold score'\n"
                      "set xrange [-1:1]\nset ytics format ''\nset key inside left top\n"
                      "set yrange [0:*]\nset offsets 0, 0, graph 0.15, 0\n";  // headroom above each peak
  for (int group = 4; group >= 0; --group) {
    ridge += "set ylabel '" + std::to_string(group) + "-" + std::to_string(group + 1) + "'\n";
    ridge += group == 0 ? "set xlabel 'cosine similarity'\n" : "unset xlabel\n";
    ridge += "plot ";
    for (size_t m = 0; m < models.size(); ++m) {
      const std::string rows = "(strcol(1) eq " + gnuplot_quoted(csv_label(models[m].label)) +
                               " && $2 == " + std::to_string(group) + " ? $4 : NaN)";
      ridge += std::string(m ? ", " : "") + gnuplot_quoted(dir + "cosine_density.csv") + " skip 1 using 3:" + rows +
               " with lines lw 2 title " + (group == 4 ? gnuplot_quoted(csv_label(models[m].label)) : "''");
    }
    ridge += "\n";
  }
  outcomes.push_back(render(dir + "cosine_density.gp", dir + "cosine_density.png", ridge + "unset multiplot\n"));

  PlotOutcome all{true, "", ""};
  for (const PlotOutcome& outcome : outcomes) {
    if (!outcome.rendered) return outcome;
    all.warnings += outcome.warnings;
  }
  return all;
}

}  // namespace simcse
