// gnuplot.cc — runs gnuplot on a script with posix_spawnp, so paths need no shell quoting; its
// stderr comes back through a pipe.
// Paper: none (infrastructure)
#include "eval/gnuplot.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <sstream>

#include "core/error.h"

extern char** environ;

namespace simcse {

namespace {

const char* const kNotInstalled = "gnuplot is not installed (Debian package gnuplot-nox; `make deps` installs it)";

// Everything readable from `fd` until the writer closes it.
std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t got; (got = read(fd, buffer, sizeof buffer)) != 0;) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  return text;
}

}  // namespace

PlotOutcome run_gnuplot(const std::string& script_path) {
  int error_pipe[2];
  if (pipe(error_pipe) != 0) return {false, std::string("cannot start gnuplot: pipe: ") + std::strerror(errno), ""};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, error_pipe[1], STDERR_FILENO);  // the child's stderr -> the pipe
  posix_spawn_file_actions_addclose(&actions, error_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, error_pipe[1]);
  std::string program = "gnuplot", script = script_path;
  std::vector<char*> arguments = {program.data(), script.data(), nullptr};
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, "gnuplot", &actions, nullptr, arguments.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(error_pipe[1]);
  if (spawned != 0) {
    close(error_pipe[0]);
    if (spawned == ENOENT) return {false, kNotInstalled, ""};
    return {false, std::string("cannot start gnuplot: ") + std::strerror(spawned), ""};
  }
  const std::string printed = read_all(error_pipe[0]);
  close(error_pipe[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return {false, std::string("waiting for gnuplot: ") + std::strerror(errno), printed};
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return {false, kNotInstalled, printed};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return {false, "gnuplot failed on " + script_path + (printed.empty() ? "" : ":\n" + printed), ""};
  return {true, "", printed};
}

std::string gnuplot_png_preamble(const std::string& png_path, int width, int height) {
  return "set encoding utf8\nset terminal pngcairo noenhanced size " + std::to_string(width) + "," +
         std::to_string(height) + " font ',11'\nset output " + gnuplot_quoted(png_path) + "\n";
}

std::string gnuplot_range(const std::vector<double>& values, double below, double above) {
  SIMCSE_CHECK(!values.empty(), "gnuplot_range: no values");
  const auto [smallest, largest] = std::minmax_element(values.begin(), values.end());
  double low = *smallest, high = *largest;
  const double span = high - low;
  if (span > 0) {
    low -= below * span;
    high += above * span;
  } else {  // one value: 5% of its size either side (0.01 around zero)
    const double half_width = std::max(0.05 * std::abs(low), 0.01);
    low -= half_width;
    high += half_width;
  }
  std::ostringstream range;
  range.precision(10);
  range << "[" << low << ":" << high << "]";
  return range.str();
}

std::string gnuplot_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace simcse
