// commands.h — one function per `simcse` subcommand; each adds its subcommand (flags named as in
// SimCSE's scripts) to the application and runs it when chosen. main.cc calls them all.
// Paper: none (infrastructure)
#pragma once

#include <CLI/CLI.hpp>

namespace simcse::cli {

void add_info_command(CLI::App& app);

}  // namespace simcse::cli
