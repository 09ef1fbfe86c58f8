// saved_model.cc — model directories with their sidecar, and resumable training checkpoints.
// Paper: none (infrastructure: checkpoints)
#include "simcse/saved_model.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "io/binary_file.h"
#include "io/json_file.h"
#include "io/model_directory.h"
#include "io/safetensors.h"
#include "nn/bert_checkpoint.h"
#include "nn/sentence_transformers_files.h"
#include "simcse/random_streams.h"

namespace simcse {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void write_json(const fs::path& path, const json& value) {
  std::ofstream out(path, std::ios::trunc);
  out << value.dump(2) << "\n";
  out.flush();
  SIMCSE_CHECK(out.good(), path.string(), ": writing failed (disk full?)");
}

// A model is saved only when every value is finite: a NaN weight would load cleanly and embed
// every sentence as NaN. (Training stops before it gets here; this guards every other way in.)
void check_finite(const NamedTensors& tensors, const std::string& directory) {
  for (const auto& [name, tensor] : tensors) {
    const int64_t bad = backend_for(tensor.device()).count_nonfinite(tensor.data(), tensor.numel());
    SIMCSE_CHECK(bad == 0, directory, ": not saved: ", name, " holds ", bad, " NaN/Inf value(s)");
  }
}

// The model's files: the BERT, sentence-transformers' modules when they can say the evaluation
// head, and the sidecar with what they cannot (one field per fact): the training settings
// (pooler_type is the training pooler, under train.py's name), and the evaluation pooler only
// when modules.json cannot hold it.
void write_model_files(const std::string& folder, const TrainingObjective& objective,
                       const std::string& tokenizer_files, bool lowercase, int64_t trained_steps) {
  const BertModel encoder = objective.export_encoder();
  write_bert_files(folder, encoder, tokenizer_files, lowercase);
  const SentenceHead head = objective.evaluation_head();
  nlohmann::json sidecar = {{"training", objective.settings_json()}};
  sidecar["training"]["trained_steps"] = trained_steps;
  const BertConfig& config = encoder.config();
  if (std::all_of(head.pooling.begin(), head.pooling.end(), sentence_transformers_can_say)) {
    write_sentence_transformers_files(folder, head, config.hidden_size, config.max_sequence_length());
  } else {
    SIMCSE_CHECK(head.pooling.size() == 1 && head.layers.empty(), folder, ": a head of ", head.describe(),
                 " can be said neither by sentence-transformers' modules nor by the sidecar");
    sidecar["evaluation_pooler"] = pooler_name(head.pooling[0]);
  }
  write_json(fs::path(folder) / kSidecarFile, sidecar);
}

// An integer field of trainer_state.json within [low, high], or an error naming file and field.
int64_t integer_field(const json& state, const char* name, int64_t low, int64_t high, const fs::path& path) {
  SIMCSE_CHECK(state.contains(name), path.string(), ": no \"", name, "\"");
  const json& value = state[name];
  SIMCSE_CHECK(value.is_number_integer(), path.string(), ": \"", name, "\" must be an integer");
  SIMCSE_CHECK(value.is_number_unsigned() ? value.get<uint64_t>() <= static_cast<uint64_t>(high)
                                          : value.get<int64_t>() >= low && value.get<int64_t>() <= high,
               path.string(), ": \"", name, "\" must be in [", low, ", ", high, "]");
  return value.get<int64_t>();
}

TrainerState read_trainer_state(const fs::path& path) {
  const json state = read_json_file(path.string(), "trainer state");
  SIMCSE_CHECK(state.is_object(), path.string(), ": not a JSON object");
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  TrainerState result;
  result.global_step = integer_field(state, "global_step", 0, kMax, path);
  result.epoch = integer_field(state, "epoch", 0, kMax, path);
  result.position = integer_field(state, "position", 0, kMax, path);
  // Dropout offsets live below the MLM masking's range (random_streams.h).
  result.dropout_offset =
      static_cast<uint64_t>(integer_field(state, "dropout_offset", 0, static_cast<int64_t>(kMlmMaskingOffset) - 1, path));
  result.best_step = integer_field(state, "best_step", -1, result.global_step, path);
  SIMCSE_CHECK(state.contains("best_metric") && state["best_metric"].is_number(), path.string(),
               ": \"best_metric\" must be a number");
  result.best_metric = state["best_metric"].get<double>();
  SIMCSE_CHECK(result.best_step < 0 || std::isfinite(result.best_metric), path.string(),
               ": \"best_metric\" must be finite");
  return result;
}

}  // namespace

std::optional<Pooler> sidecar_evaluation_pooler(const std::string& directory) {
  finish_interrupted_save(directory);
  const fs::path path = fs::path(directory) / kSidecarFile;
  if (!fs::exists(path)) return std::nullopt;
  const json sidecar = read_json_file(path.string(), "simcse sidecar");
  SIMCSE_CHECK(sidecar.is_object(), path.string(), ": not a JSON object");
  if (!sidecar.contains("evaluation_pooler")) return std::nullopt;
  SIMCSE_CHECK(sidecar["evaluation_pooler"].is_string(), path.string(), ": \"evaluation_pooler\" must be a string");
  SIMCSE_CHECK(!fs::exists(fs::path(directory) / kModulesFile), path.string(), " and ", kModulesFile,
               " both say how to pool: remove one (", kSidecarFile, " holds only what sentence-transformers cannot say)");
  return pooler_from_name(sidecar["evaluation_pooler"].get<std::string>());
}

void save_model_directory(const std::string& directory, const TrainingObjective& objective,
                          const std::string& tokenizer_files, bool lowercase, int64_t trained_steps) {
  check_finite(objective.named_parameters(), directory);
  save_model_files(directory, [&](const std::string& staging) {
    write_model_files(staging, objective, tokenizer_files, lowercase, trained_steps);
  });
}

void save_training_checkpoint(const std::string& directory, const TrainingObjective& objective,
                              const NamedTensors& optimizer_state,
                              const TrainerState& state, const std::string& tokenizer_files, bool lowercase) {
  NamedTensors training_state = objective.training_state();
  for (const auto& entry : optimizer_state) training_state.push_back(entry);
  check_finite(objective.named_parameters(), directory);
  check_finite(training_state, directory);
  save_model_files(directory, [&](const std::string& staging) {
    write_model_files(staging, objective, tokenizer_files, lowercase, state.global_step);
    save_safetensors((fs::path(staging) / "training_state.safetensors").string(), training_state);
    write_json(fs::path(staging) / "trainer_state.json",
               {{"global_step", state.global_step}, {"epoch", state.epoch},
                {"position", state.position},       {"dropout_offset", state.dropout_offset},
                {"best_step", state.best_step},     {"best_metric", state.best_metric}});
  });
}

TrainingCheckpoint read_training_checkpoint(const std::string& directory) {
  finish_interrupted_save(directory);
  const fs::path state_path = fs::path(directory) / "trainer_state.json";
  const fs::path tensors_path = fs::path(directory) / "training_state.safetensors";
  SIMCSE_CHECK(fs::exists(state_path) && fs::exists(tensors_path), directory,
               ": not a training checkpoint (trainer_state.json and training_state.safetensors are needed to resume)");
  TrainingCheckpoint checkpoint;
  checkpoint.state = read_trainer_state(state_path);
  const TensorFileIndex index = read_safetensors_index(tensors_path.string());
  const BinaryFile tensors(tensors_path.string());
  for (const StoredTensor& stored : index.tensors) {
    Tensor tensor = read_stored_tensor(tensors, stored);
    const int64_t bad = backend_for(tensor.device()).count_nonfinite(tensor.data(), tensor.numel());
    SIMCSE_CHECK(bad == 0, tensors_path.string(), ": ", stored.name, " holds ", bad, " NaN/Inf value(s)");
    checkpoint.tensors[stored.name] = std::move(tensor);
  }
  return checkpoint;
}

}  // namespace simcse
