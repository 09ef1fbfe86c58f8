// trainer.h — the training loop of SimCSE's train.py (the Hugging Face Trainer as SimCSE's
// CLTrainer configures it): shuffled batches, the contrastive loss, backward, gradient clipping,
// AdamW on the linear schedule; every eval_steps an evaluation whose metric picks the best model,
// which is saved to output_dir as a Hugging Face model; every save_steps a resumable checkpoint.
// What evaluation means (STS-B dev, or another scorer) is handed in by the caller, so this layer
// does not depend on the evaluation code.
// Paper: §3, §4 (the objectives), Appendix A (training details, model selection on STS-B dev)
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "nn/sentence_encoder.h"
#include "simcse/training_objective.h"
#include "simcse/training_arguments.h"

namespace simcse {

using Metrics = std::vector<std::pair<std::string, double>>;  // ("stsb_spearman", 0.71), ...

struct StepReport {
  int64_t step = 0, total_steps = 0;
  double epoch = 0;                 // fractional: examples seen / examples per epoch
  double loss = 0;                  // this step's loss
  double learning_rate = 0;         // the rate this step used
  double grad_norm = 0;             // before clipping
  double sentences_per_second = 0;  // sentences through the encoder, averaged since the start
  double seconds_left = 0;
};

struct TrainerHooks {
  // Scores the model being trained, seen as SimCSE evaluates it (the evaluation-time pooler, no
  // dropout, no graph); null = no evaluation.
  std::function<Metrics(const SentenceEncoder& model)> evaluate;
  std::function<void(const StepReport&)> on_step;                      // after every step
  std::function<void(int64_t step, const Metrics&)> on_evaluation;     // after every evaluation
  std::function<void(const std::string& message)> on_message;          // skipped rows, saves, ...
};

struct TrainingSummary {
  int64_t steps = 0;
  Metrics initial_metrics;            // evaluation before the first step (empty without evaluation)
  Metrics final_metrics;              // evaluation of the model left in output_dir
  int64_t best_step = -1;
  double best_metric = 0;
};

// Runs a whole training as `args` says; `command_line` goes into the run record. The output
// directory is locked for the whole run (a second run on it refuses at start); a NaN/Inf loss,
// gradient or parameter stops training naming the step, before anything non-finite is saved.
// With several ranks (`mpirun -np N`), each takes its shard of every global batch of
// N × per_device_train_batch_size examples, the objective gathers the negatives across ranks and the
// gradients are summed before clipping (simcse/data_parallel.h); rank 0 alone writes.
TrainingSummary train(const TrainingArguments& args, const TrainerHooks& hooks,
                      const std::vector<std::string>& command_line, Communicator& communicator);
// The same in the world this process was started in, with NCCL's collectives when training on CUDA.
TrainingSummary train(const TrainingArguments& args, const TrainerHooks& hooks,
                      const std::vector<std::string>& command_line);

}  // namespace simcse
