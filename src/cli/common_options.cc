// common_options.cc — what several subcommands share, spelled and checked one way: the --device
// and --threads flags, and the checks on flag values (a positive count, an existing file). CLI11's
// own PositiveNumber prints its bound, the largest double, in 300 digits; these say it plainly.
// Paper: none (infrastructure)
#include <cstdlib>

#include "cli/commands.h"

namespace simcse::cli {

namespace {

// A number at least `low` (or, with `strict`, above it); "" when fine, else the message.
std::string check_number(const std::string& text, double low, bool strict) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return "'" + text + "' is not a number";
  if (strict ? !(value > low) : !(value >= low))
    return "must be " + std::string(strict ? "positive" : "0 or more") + ", got " + text;
  return "";
}

}  // namespace

const CLI::Validator kPositive([](std::string& text) { return check_number(text, 0, true); }, "POSITIVE");
const CLI::Validator kNonNegative([](std::string& text) { return check_number(text, 0, false); }, "NONNEGATIVE");

void add_device_option(CLI::App* command, std::string& device) {
  command->add_option("--device", device, "cpu (default) or cuda (a binary built with make CUDA=1)")
      ->check(CLI::IsMember({"cpu", "cuda"}));
}

void add_threads_option(CLI::App* command, int& threads) {
  command->add_option("--threads", threads, "OpenMP threads (default 0 = every core)")->check(kNonNegative);
}

}  // namespace simcse::cli
