// sentence_files.cc — sentence inputs and outputs with "-" for the standard streams, and the model
// flags of `simcse encode` and `simcse similarity`.
// Paper: none (infrastructure)
#include "cli/sentence_files.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "backend/backend.h"
#include "cli/commands.h"
#include "core/autograd.h"
#include "io/atomic_file.h"
#include "io/line_reader.h"

namespace simcse::cli {

const CLI::Validator kFileOrStdin(
    [](std::string& path) -> std::string {
      if (path == "-" || std::filesystem::is_regular_file(path)) return "";
      if (std::filesystem::is_directory(path)) return "File is actually a directory: " + path;
      return "File does not exist: " + path;
    },
    "FILE or -");

std::vector<std::string> read_sentence_file(const std::string& path) {
  const std::string name = path == "-" ? "standard input" : path;
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    SIMCSE_CHECK(file, "cannot open input file ", path);
  }
  std::vector<std::string> lines;
  LineReader reader(path == "-" ? std::cin : file, name);
  for (std::string line; reader.next(line);) lines.push_back(std::move(line));
  SIMCSE_CHECK(!lines.empty(), name, ": no sentences (the input is empty; one sentence per line is expected)");
  return lines;
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path != "-") {
    write_file_atomically(path, write);
    return;
  }
  write(std::cout);
  std::cout.flush();
  SIMCSE_CHECK(std::cout.good(), "writing to standard output failed");
}

void add_model_flags(CLI::App* command, ModelFlags& flags) {
  command->add_option("--model_name_or_path,--model", flags.model_dir,
                      "model directory: a Hugging Face BERT or RoBERTa (config.json, weights, the tokenizer's files), "
                      "with modules.json when sentence-transformers wrote it")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--pooler", flags.pooler,
                      "replace the directory's head by one pooler: cls, cls_before_pooler, avg, avg_top2, avg_first_last "
                      "(SimCSE's evaluation.py), max, mean_sqrt_len, weighted_mean, last_token (sentence-transformers'); "
                      "default: modules.json's modules, else the pooler simcse_config.json records, else an error");
  command->add_option("--batch_size", flags.batch_size, "sentences per forward pass (default 64)")->check(kPositive);
  command->add_option("--max_length", flags.max_length,
                      "truncate to N tokens, [CLS] and [SEP] included (default: the model's max_seq_length, else "
                      "max_position_embeddings)")
      ->check(CLI::Range(2, 1 << 20));
  add_device_option(command, flags.device);
  add_threads_option(command, flags.threads);
}

EmbeddingModel open_model(const ModelFlags& flags, const char* command) {
  set_num_threads(flags.threads);
  // Inference on fixed weights: instead of scanning every op's output for NaN/Inf (about 4% of the
  // forward time), EmbeddingModel::encode checks each batch's vectors once.
  set_check_finite(false);
  EmbeddingModel model(flags.model_dir, {parse_device(flags.device), flags.pooler, ""});
  const LoadedBert& loaded = model.loaded();
  if (!loaded.unexpected.empty()) {
    std::cerr << command << ": " << loaded.weights_file << ": ignoring " << loaded.unexpected.size()
              << " tensor(s) the encoder does not use (" << loaded.unexpected.front()
              << (loaded.unexpected.size() > 1 ? ", ..." : "") << ")\n";
  }
  return model;
}

int max_length_of(const ModelFlags& flags, const EmbeddingModel& model) {
  const int max_length = flags.max_length > 0 ? flags.max_length : model.default_max_length();
  SIMCSE_CHECK(max_length <= model.max_positions(), "--max_length ", max_length,
               " exceeds the model's max_position_embeddings ", model.max_positions());
  return max_length;
}

void warn_truncated(const char* command, const std::string& input, int64_t truncated, int max_length) {
  if (truncated == 0) return;
  std::cerr << command << ": warning: " << (input == "-" ? "standard input" : input) << ": " << truncated
            << " sentence(s) longer than " << max_length << " tokens were truncated to " << max_length << "\n";
}

}  // namespace simcse::cli
