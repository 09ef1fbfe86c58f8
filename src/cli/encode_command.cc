// encode_command.cc — `simcse encode`: sentence embeddings of a text file with a Hugging Face BERT
// checkpoint, one float32 row per input line (in input order), written as a .npy numpy loads.
// Paper: §6.3 (poolers); §6.1 (sentence embeddings are compared by cosine, hence --normalize)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <numeric>

#include "backend/backend.h"
#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "nn/bert_checkpoint.h"
#include "io/line_reader.h"
#include "io/npy.h"
#include "nn/poolers.h"
#include "ops/ops.h"
#include "simcse/saved_model.h"
#include "tokenizer/bert_tokenizer.h"

//   simcse encode --model_name_or_path DIR --pooler P --input FILE --output FILE.npy
//                 [--batch_size 64] [--max_length N] [--normalize] [--threads N] [--device cuda]
//
// Lines are tokenised as BERT's tokenizer does, grouped by length so each batch carries little
// padding (padding never changes a sentence's vector: the attention mask hides it), run through
// the encoder without a graph, pooled, optionally L2-normalised.
// --pooler has no fixed default: the right one depends on how the checkpoint was trained (SimCSE's
// README: `cls` for supervised checkpoints, `cls_before_pooler` for unsupervised ones,
// `avg_first_last` for the plain-BERT baseline), and a wrong guess gives plausible-looking but
// worse vectors. Without --pooler, the one `simcse train` recorded in simcse_config.json is used,
// and a directory without that file is an error asking for --pooler. --max_length defaults to the
// model's max_position_embeddings (SimCSE's evaluation truncates nothing; BERT cannot read further).

namespace simcse::cli {
namespace {

struct EncodeOptions {
  std::string model_dir, pooler, input_path, output_path;
  int batch_size = 64;
  int max_length = 0;  // 0: the model's max_position_embeddings
  bool normalize = false;
  int threads = 0;     // 0: every core
  std::string device = "cpu";
};

// Bars appear for inputs of more than this many batches.
constexpr int64_t kBatchesBeforeProgressBar = 4;

// One sentence per line; lines end at LF, CRLF or CR, as Python's text mode reads them.
std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  SIMCSE_CHECK(file, "cannot open input file ", path);
  std::vector<std::string> lines;
  LineReader reader(file, path);
  for (std::string line; reader.next(line);) lines.push_back(std::move(line));
  return lines;
}

void run_encode(const EncodeOptions& options) {
  set_num_threads(options.threads);
  const Device device = parse_device(options.device);
  // Inference on fixed weights: instead of scanning every op's output for NaN/Inf (about 4% of the
  // forward time), each batch's embeddings are checked once below.
  set_check_finite(false);
  // Chosen before the (slow) load: the flag, else what `simcse train` recorded, else an error.
  const Pooler pooler = pooler_from_name(choose_pooler(options.model_dir, options.pooler, ""));
  const LoadedBert loaded = load_bert(options.model_dir, device);
  const BertModel& model = loaded.model;
  if (!loaded.unexpected.empty()) {
    std::cerr << "simcse encode: " << loaded.weights_file << ": ignoring " << loaded.unexpected.size()
              << " tensor(s) the encoder does not use (" << loaded.unexpected.front()
              << (loaded.unexpected.size() > 1 ? ", ..." : "") << ")\n";
  }
  const int64_t positions = model.config().max_position_embeddings;
  const int max_length = options.max_length > 0 ? options.max_length : static_cast<int>(positions);
  SIMCSE_CHECK(max_length <= positions, "--max_length ", max_length, " exceeds the model's max_position_embeddings ",
               positions);
  const std::string vocab_path = (std::filesystem::path(options.model_dir) / "vocab.txt").string();
  SIMCSE_CHECK(std::filesystem::is_regular_file(vocab_path), options.model_dir,
               ": no vocab.txt (the WordPiece vocabulary the tokenizer needs)");
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file(vocab_path, checkpoint_lowercase(options.model_dir));

  const std::vector<std::string> lines = read_lines(options.input_path);
  const int64_t count = static_cast<int64_t>(lines.size()), hidden = model.config().hidden_size;
  // Shortest first, so each batch pads to a length close to its own sentences' (as SentEval sorts).
  std::vector<int64_t> lengths(count), order(count);
  for (int64_t i = 0; i < count; ++i) lengths[i] = static_cast<int64_t>(tokenizer.encode_ids(lines[i]).size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return lengths[a] < lengths[b]; });

  std::vector<float> embeddings(static_cast<size_t>(count * hidden));  // [count, hidden], input order
  ProgressBar progress("simcse encode", count, "sentences", count > kBatchesBeforeProgressBar * options.batch_size);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t begin = 0; begin < count; begin += options.batch_size) {
    const int64_t end = std::min(count, begin + options.batch_size);
    std::vector<std::string> texts;
    for (int64_t k = begin; k < end; ++k) texts.push_back(lines[order[k]]);
    EncodedBatch encoded = tokenizer.encode_batch(texts, max_length);
    const BertInput input{encoded.batch, encoded.seq_len, std::move(encoded.input_ids),
                          std::move(encoded.token_type_ids), std::move(encoded.attention_mask)};
    Tensor vectors = sentence_embeddings(model, input, pooler);  // [batch, hidden]
    if (options.normalize) {
      NoGradGuard no_grad;
      vectors = l2_normalize(vectors);
    }
    const std::vector<Scalar> values = vectors.to_vector();
    for (int64_t k = 0; k < static_cast<int64_t>(values.size()); ++k)
      SIMCSE_CHECK(std::isfinite(values[k]), options.input_path, ": line ", order[begin + k / hidden] + 1,
                   " has a non-finite embedding (does the checkpoint hold NaN or Inf weights?)");
    for (int64_t row = 0; row < end - begin; ++row)
      std::copy_n(values.begin() + row * hidden, hidden, embeddings.begin() + order[begin + row] * hidden);
    progress.update(end);
  }
  progress.finish();
  save_npy(options.output_path, embeddings, {count, hidden});

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "simcse encode: " << count << " x " << hidden << " embeddings (pooler " << pooler_name(pooler)
            << (options.normalize ? ", L2-normalised" : "") << ") -> " << options.output_path << " in " << std::fixed
            << std::setprecision(1) << seconds << " s (" << (seconds > 0 ? count / seconds : 0) << " sentences/s)\n";
  const std::string warning = tokenizer.take_invalid_utf8_warning(options.input_path);
  if (!warning.empty()) std::cerr << "simcse encode: " << warning << "\n";
}

}  // namespace

void add_encode_command(CLI::App& app) {
  auto* command = app.add_subcommand("encode", "Sentence embeddings of a text file (one per line) as a float32 .npy");
  auto options = std::make_shared<EncodeOptions>();
  command->add_option("--model_name_or_path", options->model_dir,
                      "Hugging Face model directory: config.json, model.safetensors or pytorch_model.bin, vocab.txt")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--pooler", options->pooler,
                      "cls, cls_before_pooler, avg, avg_top2 or avg_first_last, as SimCSE's evaluation.py "
                      "(default: the one simcse_config.json records; required without it)");
  command->add_option("--input", options->input_path, "text file, one sentence per line")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--output", options->output_path, ".npy file to write, [lines, hidden] float32")->required();
  command->add_option("--batch_size", options->batch_size, "sentences per forward pass (default 64)")
      ->check(kPositive);
  command->add_option("--max_length", options->max_length,
                      "truncate to N tokens, [CLS] and [SEP] included (default: max_position_embeddings)")
      ->check(CLI::Range(2, 1 << 20));
  command->add_flag("--normalize", options->normalize, "divide each embedding by its L2 norm");
  add_device_option(command, options->device);
  add_threads_option(command, options->threads);
  command->callback([options] { run_encode(*options); });
}

}  // namespace simcse::cli
