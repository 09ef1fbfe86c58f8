// notebook.h — what every notebook program in notebooks_cpp/ shares. `cell_output()` marks where
// a cell's output starts, so tools/render_notebook.sh can put what follows under the cell that
// called it; `claim()` makes a notebook check what its page says.
// Paper: none (infrastructure)
#pragma once

#include <cstdio>
#include <source_location>

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
