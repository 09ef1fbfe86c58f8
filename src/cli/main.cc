// main.cc — the `simcse` binary: parses the command line and dispatches to a subcommand.
// Errors from the library (bad input, shapes, files) end the program with their message and
// exit status 1; nothing is reported as success that did not succeed.
// Paper: none (infrastructure)
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "dist/communicator.h"

namespace simcse::cli {

static std::vector<std::string> arguments;
const std::vector<std::string>& command_line() { return arguments; }

}  // namespace simcse::cli

int main(int argc, char** argv) {
  const simcse::DistributedRun distributed(argc, argv);  // MPI, when mpirun started this process
  simcse::cli::arguments.assign(argv, argv + argc);
  CLI::App app{"simcse: SimCSE sentence embeddings (Gao, Yao & Chen, EMNLP 2021) in readable C++"};
  app.require_subcommand(1);
  simcse::cli::add_info_command(app);
  simcse::cli::add_encode_command(app);
  simcse::cli::add_similarity_command(app);
  simcse::cli::add_convert_command(app);
  simcse::cli::add_tokenize_command(app);
  simcse::cli::add_vocab_command(app);
  simcse::cli::add_eval_command(app);
  simcse::cli::add_analyze_command(app);
  simcse::cli::add_train_command(app);
  simcse::cli::add_index_command(app);
  simcse::cli::add_search_command(app);
  simcse::cli::add_serve_command(app);
  // CLI11 would answer `simcse trian` with "A subcommand is required": name the word instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      std::cerr << "simcse: unknown command '" << argv[1] << "'; the commands are:";
      for (const std::string& name : names) std::cerr << " " << name;
      std::cerr << "\n";
      return static_cast<int>(CLI::ExitCodes::ExtrasError);
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const std::exception& error) {
    simcse::Communicator& world = simcse::world();
    if (world.size() == 1) {
      std::cerr << "simcse: error: " << error.what() << "\n";
      return 1;
    }
    // One rank failing ends the run: the others would wait for it at their next collective.
    std::cerr << "simcse: rank " << world.rank() << " of " << world.size() << ": error: " << error.what() << "\n";
    simcse::abort_run(1);
  }
  return 0;
}
