// device_option.cc — the --device flag of every command that computes (encode, eval, analyze,
// train), spelled and checked one way; parse_device (backend/backend.h) turns it into a Device.
// Paper: none (infrastructure)
#include "cli/commands.h"

namespace simcse::cli {

void add_device_option(CLI::App* command, std::string& device) {
  command->add_option("--device", device, "cpu (default) or cuda (a binary built with make CUDA=1)")
      ->check(CLI::IsMember({"cpu", "cuda"}));
}

}  // namespace simcse::cli
