// commands.h — one function per `simcse` subcommand; each adds its subcommand (flags named as in
// SimCSE's scripts) to the application and runs it when chosen. main.cc calls them all.
// Paper: none (infrastructure)
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "eval/embedding_model.h"
#include "search/sentence_index.h"

namespace simcse::cli {

void add_info_command(CLI::App& app);
void add_encode_command(CLI::App& app);
void add_similarity_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_tokenize_command(CLI::App& app);
void add_vocab_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_index_command(CLI::App& app);
void add_search_command(CLI::App& app);
void add_serve_command(CLI::App& app);

// --device, as every command that computes spells it: cpu (the default) or cuda.
void add_device_option(CLI::App* command, std::string& device);
// --threads: OpenMP threads, 0 (the default) = every core.
void add_threads_option(CLI::App* command, int& threads);

// Value checks whose messages state the bound plainly: `--batch_size must be positive, got 0`.
extern const CLI::Validator kPositive, kNonNegative;

// A saved search index and the model that embeds its queries: the one index.json records, or
// `model_dir` when given, which must be that model (same fingerprint); `simcse search` and `serve`.
struct IndexAndModel {
  SentenceIndex index;
  std::unique_ptr<EmbeddingModel> model;
};
IndexAndModel open_index_and_model(const std::string& index_dir, const std::string& model_dir,
                                   const std::string& device, int threads);

// The command line as typed (argv), for run records.
const std::vector<std::string>& command_line();

}  // namespace simcse::cli
