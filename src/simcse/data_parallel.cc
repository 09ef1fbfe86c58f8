// data_parallel.cc — sharding a global batch, syncing weights, summing gradients, checking flags.
// Paper: §4 / App. A
#include "simcse/data_parallel.h"

#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "io/sha256.h"

namespace simcse {

Shard shard_of_batch(int64_t position, int64_t global_size, const Communicator& communicator) {
  const int64_t ranks = communicator.size();
  SIMCSE_CHECK(global_size % ranks == 0, "a batch of ", global_size, " examples cannot be shared evenly by ", ranks,
               " ranks (train() refuses such a run before its first step)");
  const int64_t count = global_size / ranks;
  return {position + communicator.rank() * count, count};
}

void broadcast_parameters(const NamedTensors& parameters, Communicator& communicator) {
  if (communicator.size() == 1) return;
  for (const auto& [name, parameter] : parameters)
    communicator.broadcast(parameter.data(), parameter.numel(), 0, parameter.device());
}

void all_reduce_gradients(const NamedTensors& parameters, Communicator& communicator) {
  if (communicator.size() == 1 || parameters.empty()) return;
  const Device device = parameters.front().second.device();
  int64_t total = 0;
  for (const auto& entry : parameters) total += entry.second.numel();
  Tensor flat = Tensor::zeros(Shape{total}, device);  // [every gradient, in parameter order]
  Backend& backend = backend_for(device);
  int64_t offset = 0;
  for (const auto& [name, parameter] : parameters) {
    if (parameter.has_grad()) backend.copy(flat.data() + offset, parameter.grad_data(), parameter.numel());
    offset += parameter.numel();
  }
  communicator.all_reduce_sum(flat.data(), total, device);
  offset = 0;
  for (const auto& [name, parameter] : parameters) {
    // A parameter no rank's loss reached keeps no gradient; one that some rank's did gets the sum.
    backend.copy(parameter.grad_data(), flat.data() + offset, parameter.numel());
    offset += parameter.numel();
  }
}

void check_ranks_agree(const TrainingArguments& args, const std::vector<std::string>& command_line,
                       Communicator& communicator) {
  if (communicator.size() == 1) return;
  const nlohmann::json mine = {{"command_line", command_line}, {"sha256", sha256_of_file(args.train_file)}};
  const std::vector<std::string> all = communicator.all_gather_text(mine.dump());
  const nlohmann::json first = nlohmann::json::parse(all[0]);
  for (size_t rank = 1; rank < all.size(); ++rank) {
    const nlohmann::json other = nlohmann::json::parse(all[rank]);
    SIMCSE_CHECK(other["sha256"] == first["sha256"], "rank ", rank, " reads another training file than rank 0 (",
                 args.train_file, " has SHA-256 ", other["sha256"].get<std::string>(), " there, ",
                 first["sha256"].get<std::string>(), " on rank 0)");
    const auto& theirs = other["command_line"];
    const auto& ours = first["command_line"];
    for (size_t i = 0; i < std::max(theirs.size(), ours.size()); ++i) {
      const std::string a = i < ours.size() ? ours[i].get<std::string>() : "(nothing)";
      const std::string b = i < theirs.size() ? theirs[i].get<std::string>() : "(nothing)";
      SIMCSE_CHECK(a == b, "rank ", rank, " was started with another command line than rank 0: argument ", i, " is '",
                   b, "' there and '", a, "' on rank 0");
    }
  }
}

}  // namespace simcse
