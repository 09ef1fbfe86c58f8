// notebook.h — what every notebook program in notebooks_cpp/ shares. `cell_output()` marks where
// a cell's output starts, so tools/render_notebook.sh can put what follows under the cell that
// called it; `claim()` makes a notebook check what its page says.
// Paper: none (infrastructure)
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <source_location>
#include <string>

#include "core/error.h"

// The first statement of a code cell that prints: everything printed from here to the next
// cell_output() belongs under the cell holding this call (found by its line in the notebook's
// source; the marker line itself never reaches the page). Output nobody marked goes under the
// last code cell, the one with main().
inline void cell_output(std::source_location call = std::source_location::current()) {
  std::fflush(stdout);  // what was printed so far belongs to the previous cell
  std::printf("@@notebook-cell-output line %u\n", static_cast<unsigned>(call.line()));
  std::fflush(stdout);  // keep anything this cell writes to stderr after the marker
}

// The notebook checks what it claims: a false claim ends the program with an error, so
// `make notebooks` (and `make test`) fail instead of printing a wrong page.
inline void claim(bool holds, const char* statement) {
  if (!holds) simcse::fail("notebook claim failed: ", statement);
  std::printf("check: %s\n", statement);
}

// A notebook that needs ../shared/data exits with this status when it is missing:
// tools/run_notebooks.sh reports it as skipped (a failure when CI is set).
inline constexpr int kNeedsSharedData = 77;

// The published model `name` under ../shared/data/models/ ($SIMCSE_SHARED_DATA overrides the data
// folder), or "" after saying on stderr that it is missing.
inline std::string shared_model_dir(const char* name) {
  const char* shared = std::getenv("SIMCSE_SHARED_DATA");
  const std::string model_dir = std::string(shared ? shared : "../shared/data") + "/models/" + name;
  if (std::filesystem::exists(model_dir + "/modules.json")) return model_dir;
  std::fprintf(stderr, "%s is missing: this notebook needs ../shared/data\n", model_dir.c_str());
  return "";
}
