// commands.h — one function per `simcse` subcommand; each adds its subcommand (flags named as in
// SimCSE's scripts) to the application and runs it when chosen. main.cc calls them all.
// Paper: none (infrastructure)
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

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

// --device, as every command that computes spells it: cpu (the default) or cuda.
void add_device_option(CLI::App* command, std::string& device);
// --threads: OpenMP threads, 0 (the default) = every core.
void add_threads_option(CLI::App* command, int& threads);

// Value checks whose messages state the bound plainly: `--batch_size must be positive, got 0`.
extern const CLI::Validator kPositive, kNonNegative;

// The command line as typed (argv), for run records.
const std::vector<std::string>& command_line();

}  // namespace simcse::cli
