// saved_model.h — what `simcse train` leaves on disk (a Hugging Face BERT plus the
// simcse_config.json sidecar; checkpoints with the training state), and reads back to resume.
// Paper: none (infrastructure: checkpoints); §3/§6.3 for the pooler the sidecar records
#pragma once

// A model directory is a plain Hugging Face BERT or RoBERTa (config.json, model.safetensors, the
// tokenizer files of nn/bert_checkpoint.h's write_bert_files: AutoModel loads it with no conversion
// step, the MLP having become BERT's pooler as SimCSE's simcse_to_huggingface.py does) plus what says which pooler
// evaluating it needs (`cls` for the supervised recipe, `cls_before_pooler` with --mlp_only_train),
// so `simcse encode`, `simcse eval` and sentence-transformers cannot pick the wrong head:
// sentence-transformers' modules.json + 1_Pooling/ (+ 2_Dense/ for `cls`) when they can say it
// (nn/sentence_transformers_files.h), and simcse_config.json, a small sidecar holding only what
// they cannot: the training settings, and evaluation_pooler for avg_top2 and avg_first_last.
// A training checkpoint (output_dir/checkpoint-<step>/) is a model directory plus what resuming
// needs: training_state.safetensors (the heads, AdamW's moments) and trainer_state.json (step,
// epoch, position in the epoch's order, the dropout stream's offset, the best metric so far).
// Each directory changes as one unit (io/model_directory.h): a kill at any point leaves the old
// model or the new one.

#include <map>
#include <optional>
#include <string>

#include "nn/poolers.h"
#include "simcse/adamw.h"
#include "simcse/training_objective.h"

namespace simcse {

inline constexpr const char* kSidecarFile = "simcse_config.json";

// The pooler recorded in DIRECTORY/simcse_config.json's evaluation_pooler, or nothing when the
// sidecar (or the field) is absent.
std::optional<Pooler> sidecar_evaluation_pooler(const std::string& directory);

// The Hugging Face model files and the sidecar, replacing the model in DIRECTORY as one unit.
// A model with NaN/Inf parameters is an error naming the tensor, and nothing is written.
void save_model_directory(const std::string& directory, const TrainingObjective& objective,
                          const std::string& tokenizer_files, bool lowercase, int64_t trained_steps);

struct TrainerState {
  int64_t global_step = 0;
  int64_t epoch = 0;           // the epoch in progress
  int64_t position = 0;        // examples of that epoch's order already used
  uint64_t dropout_offset = 0; // RandomStream::next_offset
  int64_t best_step = -1;
  double best_metric = 0;
};

void save_training_checkpoint(const std::string& directory, const TrainingObjective& objective,
                              const NamedTensors& optimizer_state,
                              const TrainerState& state, const std::string& tokenizer_files, bool lowercase);

struct TrainingCheckpoint {
  TrainerState state;
  std::map<std::string, Tensor> tensors;  // heads by name; moments as "exp_avg.<name>", "exp_avg_sq.<name>"
};
// Reads a checkpoint, checking trainer_state.json's values are in range (file and field named).
TrainingCheckpoint read_training_checkpoint(const std::string& directory);

}  // namespace simcse
