// encode_command.cc — `simcse encode`: sentence embeddings of a text file with any model directory
// (a SimCSE or Hugging Face BERT, or a sentence-transformers model), one float32 row per input line
// (in input order), written as a .npy numpy loads.
// Paper: §6.3 (poolers); §6.1 (sentence embeddings are compared by cosine, hence --normalize)
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "cli/sentence_files.h"
#include "io/npy.h"

//   simcse encode --model_name_or_path DIR --input FILE|- --output FILE.npy|- [--pooler P]
//                 [--batch_size 64] [--max_length N] [--normalize] [--threads N] [--device cuda]
//
// Lines are tokenised with the directory's tokenizer, grouped by length so each batch carries
// little padding (padding never changes a sentence's vector: the attention mask hides it), run
// through the encoder without a graph, and turned into sentence vectors by the directory's head
// (eval/embedding_model.h): sentence-transformers' modules when it has modules.json (so
// all-MiniLM-L6-v2 needs no flag and gives sentence-transformers' vectors), else the pooler
// `simcse train` recorded. --pooler has no fixed default for a plain checkpoint: the right one
// depends on how it was trained (SimCSE's README: `cls` for supervised checkpoints,
// `cls_before_pooler` for unsupervised ones, `avg_first_last` for the plain-BERT baseline), and a
// wrong guess gives plausible-looking but worse vectors, so a directory that says nothing is an
// error asking for it. --max_length defaults to the model's max_seq_length, else its
// max_position_embeddings (SimCSE's evaluation truncates nothing; BERT cannot read further).

namespace simcse::cli {
namespace {

struct EncodeOptions {
  ModelFlags model;
  std::string input_path, output_path;
  bool normalize = false;
};

// Bars appear for inputs of more than this many batches.
constexpr int64_t kBatchesBeforeProgressBar = 4;

void run_encode(const EncodeOptions& options) {
  const std::vector<std::string> lines = read_sentence_file(options.input_path);
  const EmbeddingModel model = open_model(options.model, "simcse encode");
  const int max_length = max_length_of(options.model, model);
  const int64_t count = static_cast<int64_t>(lines.size()), batch_size = options.model.batch_size;
  ProgressBar progress("simcse encode", count, "sentences", count > kBatchesBeforeProgressBar * batch_size);
  const auto start = std::chrono::steady_clock::now();
  const SentenceVectors vectors = model.encode(lines, batch_size, max_length, options.normalize,
                                               [&](int64_t done) { progress.update(done); });
  progress.finish();
  write_output(options.output_path, [&](std::ostream& out) {
    write_npy(out, vectors.values, {vectors.rows, vectors.cols}, options.output_path);
  });

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "simcse encode: " << count << " x " << vectors.cols << " embeddings (" << model.head().describe()
            << ", from " << model.head_source() << (options.normalize ? "; L2-normalised" : "") << ") -> "
            << (options.output_path == "-" ? "standard output" : options.output_path) << " in " << std::fixed
            << std::setprecision(1) << seconds << " s (" << (seconds > 0 ? count / seconds : 0) << " sentences/s)\n";
  warn_truncated("simcse encode", options.input_path, vectors.truncated, max_length);
  const std::string warning = model.tokenizer().take_invalid_utf8_warning(options.input_path);
  if (!warning.empty()) std::cerr << "simcse encode: " << warning << "\n";
}

}  // namespace

void add_encode_command(CLI::App& app) {
  auto* command = app.add_subcommand("encode", "Sentence embeddings of a text file (one per line) as a float32 .npy");
  auto options = std::make_shared<EncodeOptions>();
  add_model_flags(command, options->model);
  command->add_option("--input", options->input_path, "text file, one sentence per line (- for standard input)")
      ->required()
      ->check(kFileOrStdin);
  command->add_option("--output", options->output_path, ".npy file to write, [lines, dimension] float32 (- for standard output)")
      ->required();
  command->add_flag("--normalize", options->normalize, "divide each embedding by its L2 norm");
  command->callback([options] { run_encode(*options); });
}

}  // namespace simcse::cli
