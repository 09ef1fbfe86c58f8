// gnuplot.cc — runs gnuplot on a script with posix_spawnp, so paths need no shell quoting.
// Paper: none (infrastructure)
#include "eval/gnuplot.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace simcse {

PlotOutcome run_gnuplot(const std::string& script_path) {
  std::string program = "gnuplot", script = script_path;
  std::vector<char*> arguments = {program.data(), script.data(), nullptr};
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, "gnuplot", nullptr, nullptr, arguments.data(), environ);
  if (spawned != 0)
    return {false, spawned == ENOENT ? "gnuplot is not installed (Debian package gnuplot-nox; `make deps` installs it)"
                                     : std::string("cannot start gnuplot: ") + std::strerror(spawned)};
  int status = 0;
  if (waitpid(child, &status, 0) < 0) return {false, std::string("waiting for gnuplot: ") + std::strerror(errno)};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return {false, "gnuplot is not installed (Debian package gnuplot-nox; `make deps` installs it)"};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {false, "gnuplot failed on " + script_path};
  return {true, ""};
}

std::string gnuplot_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace simcse
