// analyze_command.cc — `simcse analyze`: the paper's geometry of one or more checkpoints on STS-B
// dev, side by side (e.g. BERT before and after SimCSE training): alignment and uniformity
// (Figure 3 of §7), the singular-value spectrum (Appendix F) and cosine similarity by gold score
// (Appendix G), as CSVs, gnuplot scripts and PNGs in --out.
//
//   simcse analyze --model_name_or_path DIR [DIR ...] --pooler P --out DIR [--senteval_dir DIR]
// Paper: §5 Connection to anisotropy; §7 Analysis (Figure 3); Appendices F and G
#include <filesystem>
#include <iostream>
#include <memory>

#include "backend/backend.h"
#include "cli/commands.h"
#include "simcse/saved_model.h"
#include "eval/analysis_report.h"
#include "eval/bert_sentence_encoder.h"

namespace simcse::cli {
namespace {

struct AnalyzeOptions {
  std::vector<std::string> model_dirs;
  std::string pooler, out_dir, senteval_dir = "../shared/data/senteval";
  std::string device = "cpu";
  int threads = 0;
};

void run_analyze(const AnalyzeOptions& options) {
  set_num_threads(options.threads);
  const Device device = parse_device(options.device);
  std::vector<ModelAnalysis> models;
  for (const std::string& dir : options.model_dirs) {
    const std::string label = std::filesystem::path(dir).lexically_normal().filename().string();
    const SentenceEncoder encoder =
        embedding_model_encoder(std::make_shared<const EmbeddingModel>(dir, EmbeddingModelOptions{device, options.pooler, "cls"}));
    const ModelAnalysis analysis = analyse_on_stsb_dev({label.empty() ? dir : label, encoder}, options.senteval_dir);
    std::cerr << "simcse analyze: " << dir << ": alignment " << analysis.geometry.alignment << " (" << analysis.geometry.positive_pairs
              << " STS-B dev pairs scored above 4), uniformity " << analysis.geometry.uniformity << " ("
              << analysis.geometry.sentences << " sentences)\n";
    models.push_back(analysis);
  }
  const PlotOutcome plots = write_analysis(models, options.out_dir);
  std::cout << "alignment_uniformity.csv, singular_values.csv, cosine_by_gold.csv, cosine_density.csv -> "
            << options.out_dir << "\n";
  if (plots.rendered) {
    std::cout << "alignment_uniformity.png, singular_values.png, cosine_density.png -> " << options.out_dir << "\n";
    if (!plots.warnings.empty()) std::cerr << "gnuplot said: " << plots.warnings;
  } else {
    std::cout << "no PNGs: " << plots.message << "; the .gp scripts next to the CSVs draw them\n";
  }
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto* command = app.add_subcommand("analyze", "Alignment, uniformity, singular values and cosine distributions on STS-B dev");
  auto options = std::make_shared<AnalyzeOptions>();
  command->add_option("--model_name_or_path", options->model_dirs, "one or more Hugging Face model directories")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--pooler", options->pooler, "a pooler name, replacing the directory's head (default: what modules.json or simcse_config.json say, else cls)");
  command->add_option("--out", options->out_dir, "folder for the CSVs and plots (created if needed)")->required();
  command->add_option("--senteval_dir", options->senteval_dir, "SentEval data folder (default ../shared/data/senteval)");
  add_device_option(command, options->device);
  add_threads_option(command, options->threads);
  command->callback([options] { run_analyze(*options); });
}

}  // namespace simcse::cli
