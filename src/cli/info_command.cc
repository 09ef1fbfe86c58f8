// info_command.cc — `simcse info`: what this build computes with (scalar type, backend, GEMM
// implementation, threads), so a benchmark or a bug report can say exactly what ran.
// Paper: none (infrastructure)
#include <iostream>

#include "backend/backend.h"
#include "cli/commands.h"

namespace simcse::cli {

void add_info_command(CLI::App& app) {
  auto* command = app.add_subcommand("info", "Print the build's scalar type, backends and thread count");
  auto threads = std::make_shared<int>(0);
  add_threads_option(command, *threads);
  command->callback([threads] {
    set_num_threads(*threads);
    std::cout << "scalar: " << scalar_name() << "\n";
    std::cout << "backend: " << backend_for(Device::cpu).describe() << "\n";
  });
}

}  // namespace simcse::cli
