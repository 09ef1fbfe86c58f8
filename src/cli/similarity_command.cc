// similarity_command.cc — `simcse similarity`: cosine similarities between the sentences of two
// files, as SimCSE's tool `model.similarity(a, b)` and sentence-transformers' util.cos_sim give them:
// the whole [a, b] matrix as a float32 .npy, or with --pairs line i of A against line i of B as TSV.
// Paper: §2, eq. (1) (cosine similarity); §6.1 (sentences compared by cosine, no fine-tuning)
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/sentence_files.h"
#include "eval/cosine_similarity.h"
#include "eval/sts_eval.h"
#include "io/npy.h"

//   simcse similarity --model DIR --a FILE|- --b FILE|- --output FILE|- [--pairs] [model flags]
//
// --pairs writes one line per pair, "cosine<TAB>sentence a<TAB>sentence b", the cosine with six
// decimals; the two files must then have as many lines.

namespace simcse::cli {
namespace {

struct SimilarityOptions {
  ModelFlags model;
  std::string a_path, b_path, output_path;
  bool pairs = false;
};

void run_similarity(const SimilarityOptions& options) {
  SIMCSE_CHECK(options.a_path != "-" || options.b_path != "-", "--a and --b cannot both read standard input");
  const std::vector<std::string> a = read_sentence_file(options.a_path), b = read_sentence_file(options.b_path);
  SIMCSE_CHECK(!options.pairs || a.size() == b.size(), "--pairs: ", options.a_path, " has ", a.size(), " lines but ",
               options.b_path, " has ", b.size(), " (line i is compared with line i)");
  const EmbeddingModel model = open_model(options.model, "simcse similarity");
  const int max_length = max_length_of(options.model, model);
  const SentenceVectors va = model.encode(a, options.model.batch_size, max_length, /*normalize=*/false);
  const SentenceVectors vb = model.encode(b, options.model.batch_size, max_length, /*normalize=*/false);
  warn_truncated("simcse similarity", options.a_path, va.truncated, max_length);
  warn_truncated("simcse similarity", options.b_path, vb.truncated, max_length);
  if (options.pairs) {
    write_output(options.output_path, [&](std::ostream& out) {
      out << std::fixed << std::setprecision(6);
      for (size_t i = 0; i < a.size(); ++i)
        out << cosine_similarity(va.values.data() + i * va.cols, vb.values.data() + i * vb.cols, va.cols) << '\t'
            << a[i] << '\t' << b[i] << '\n';
    });
  } else {
    const std::vector<float> matrix = cosine_similarity_matrix(va.values, va.rows, vb.values, vb.rows, va.cols);
    write_output(options.output_path, [&](std::ostream& out) {
      write_npy(out, matrix, {va.rows, vb.rows}, options.output_path);
    });
  }
  std::cerr << "simcse similarity: " << (options.pairs ? std::to_string(a.size()) + " pairs"
                                                       : std::to_string(a.size()) + " x " + std::to_string(b.size()) + " cosines")
            << " (" << model.head().describe() << ") -> "
            << (options.output_path == "-" ? "standard output" : options.output_path) << "\n";
}

}  // namespace

void add_similarity_command(CLI::App& app) {
  auto* command = app.add_subcommand("similarity", "Cosine similarities between the sentences of two files");
  auto options = std::make_shared<SimilarityOptions>();
  add_model_flags(command, options->model);
  command->add_option("--a", options->a_path, "text file, one sentence per line (- for standard input)")
      ->required()
      ->check(kFileOrStdin);
  command->add_option("--b", options->b_path, "text file, one sentence per line (- for standard input)")
      ->required()
      ->check(kFileOrStdin);
  command->add_option("--output", options->output_path,
                      "the [a, b] cosine matrix as a float32 .npy, or with --pairs a TSV (- for standard output)")
      ->required();
  command->add_flag("--pairs", options->pairs, "line i of A against line i of B, as TSV: cosine, sentence a, sentence b");
  command->callback([options] { run_similarity(*options); });
}

}  // namespace simcse::cli
