// saved_model.cc — model directories with their sidecar, and resumable training checkpoints.
// Paper: none (infrastructure: checkpoints)
#include "simcse/saved_model.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "io/binary_file.h"
#include "io/checkpoint.h"
#include "io/safetensors.h"

namespace simcse {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<Pooler> saved_evaluation_pooler(const std::string& directory) {
  const fs::path path = fs::path(directory) / kSidecarFile;
  if (!fs::exists(path)) return std::nullopt;
  std::ifstream file(path);
  json sidecar;
  try {
    sidecar = json::parse(file);
  } catch (const json::exception& error) {
    fail(path.string(), ": not valid JSON: ", error.what());
  }
  SIMCSE_CHECK(sidecar.contains("pooler") && sidecar["pooler"].is_string(), path.string(),
               ": no \"pooler\" string field");
  return pooler_from_name(sidecar["pooler"].get<std::string>());
}

std::string choose_pooler(const std::string& directory, const std::string& requested, const std::string& fallback) {
  if (!requested.empty()) return requested;
  if (std::optional<Pooler> saved = saved_evaluation_pooler(directory)) return pooler_name(*saved);
  SIMCSE_CHECK(!fallback.empty(), directory, " has no ", kSidecarFile,
               " saying how it was trained: give --pooler (cls for supervised SimCSE checkpoints, cls_before_pooler "
               "for unsupervised ones, avg_first_last for plain BERT)");
  return fallback;
}

void replace_directory_atomically(const std::string& directory, const std::function<void(const std::string&)>& write) {
  const fs::path target(directory), staging(directory + ".partial"), retired(directory + ".old");
  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    write(staging.string());
  } catch (...) {
    fs::remove_all(staging);
    throw;
  }
  fs::remove_all(retired);
  if (fs::exists(target)) fs::rename(target, retired);
  fs::rename(staging, target);
  fs::remove_all(retired);
}

void save_model_directory(const std::string& directory, const SimcseModel& model, const std::string& vocab_file,
                          bool lowercase, int64_t trained_steps) {
  save_bert(directory, model.export_encoder(), vocab_file, lowercase);
  const SimcseSettings& settings = model.settings();
  json sidecar = {{"pooler", pooler_name(model.evaluation_pooler())},
                  {"pooler_type", pooler_name(settings.pooler_type)},
                  {"mlp_only_train", settings.mlp_only_train},
                  {"temp", settings.temperature},
                  {"hard_negative_weight", settings.hard_negative_weight},
                  {"do_mlm", settings.do_mlm},
                  {"trained_steps", trained_steps},
                  {"note", "written by simcse train: evaluate this model with the pooler above"}};
  write_file_atomically((fs::path(directory) / kSidecarFile).string(),
                        [&](std::ostream& out) { out << sidecar.dump(2) << "\n"; });
}

void save_training_checkpoint(const std::string& directory, const SimcseModel& model, const AdamW& optimizer,
                              const TrainerState& state, const std::string& vocab_file, bool lowercase) {
  replace_directory_atomically(directory, [&](const std::string& staging) {
    save_model_directory(staging, model, vocab_file, lowercase, state.global_step);
    NamedTensors tensors = model.head_parameters();
    for (const auto& entry : optimizer.state()) tensors.push_back(entry);
    save_safetensors((fs::path(staging) / "training_state.safetensors").string(), tensors);
    json trainer_state = {{"global_step", state.global_step}, {"epoch", state.epoch},
                          {"position", state.position},       {"dropout_offset", state.dropout_offset},
                          {"best_step", state.best_step},     {"best_metric", state.best_metric}};
    write_file_atomically((fs::path(staging) / "trainer_state.json").string(),
                          [&](std::ostream& out) { out << trainer_state.dump(2) << "\n"; });
  });
}

TrainingCheckpoint read_training_checkpoint(const std::string& directory) {
  const fs::path state_path = fs::path(directory) / "trainer_state.json";
  const fs::path tensors_path = fs::path(directory) / "training_state.safetensors";
  SIMCSE_CHECK(fs::exists(state_path) && fs::exists(tensors_path), directory,
               ": not a training checkpoint (trainer_state.json and training_state.safetensors are needed to resume)");
  TrainingCheckpoint checkpoint;
  std::ifstream file(state_path);
  try {
    const json state = json::parse(file);
    checkpoint.state = {state.at("global_step"), state.at("epoch"),     state.at("position"),
                        state.at("dropout_offset"), state.at("best_step"), state.at("best_metric")};
  } catch (const json::exception& error) {
    fail(state_path.string(), ": ", error.what());
  }
  const TensorFileIndex index = read_safetensors_index(tensors_path.string());
  const BinaryFile tensors(tensors_path.string());
  for (const StoredTensor& stored : index.tensors) checkpoint.tensors[stored.name] = read_stored_tensor(tensors, stored);
  return checkpoint;
}

}  // namespace simcse
