// train_command.cc — `simcse train`: SimCSE's train.py on the command line, with its flag names
// (and the Hugging Face Trainer's), so the commands of SimCSE's run_unsup_example.sh and
// run_sup_example.sh work unchanged. Evaluation during training is STS-B dev (and SICK-R dev) as
// SimCSE's CLTrainer does it, plus alignment and uniformity (§3, Figure 2); or, with --eval_file,
// Spearman on a graded pair file of one's own (tiny_data/sts_pairs.tsv). Shows a progress bar,
// writes training_log.jsonl and training_curves.png, and ends with a before/after table.
// Paper: §3 (objective; Figure 2, alignment/uniformity during training), §4 (objective), Appendix A
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "cli/training_plot.h"
#include "eval/analysis.h"
#include "eval/pair_classification.h"
#include "eval/pairs_file.h"
#include "eval/sts_data.h"
#include "eval/sts_eval.h"
#include "simcse/trainer.h"

namespace simcse::cli {
namespace {

struct TrainOptions {
  TrainingArguments args;
  std::string senteval_dir = "../shared/data/senteval";
  std::string eval_file;
  bool accepted_flag = false;  // --do_train, --do_eval, --pad_to_max_length: accepted, no effect
  bool fp16 = false;
};

// What "evaluate" means for this run: a pair file of one's own, or SimCSE's dev sets.
std::function<Metrics(const SentenceEncoder&)> make_evaluator(const TrainOptions& options) {
  if (!options.eval_file.empty()) {
    auto task = std::make_shared<StsTask>(load_pairs_file(options.eval_file));  // read once, checked now
    return [task](const SentenceEncoder& embed) {
      const PairScores scores = evaluate_pairs(embed, *task);
      Metrics metrics{{"pairs_spearman", scores.spearman}};
      if (scores.binary) {  // 0/1 labels: also the threshold classifier's scores
        metrics.insert(metrics.end(), {{"f1", scores.thresholds.f1},
                                       {"precision", scores.thresholds.precision},
                                       {"recall", scores.thresholds.recall},
                                       {"accuracy", scores.thresholds.accuracy}});
      }
      return metrics;
    };
  }
  const std::string dir = options.senteval_dir;
  auto stsb = std::make_shared<StsTask>(load_sts_task("STSBenchmark", dir, Split::dev));
  auto sick = std::make_shared<StsTask>(load_sts_task("SICKRelatedness", dir, Split::dev));
  return [stsb, sick, dir](const SentenceEncoder& embed) {
    const double stsb_spearman = evaluate_sts(embed, *stsb).all.spearman;
    const double sickr_spearman = evaluate_sts(embed, *sick).all.spearman;
    const AlignmentUniformity geometry = stsb_alignment_uniformity(embed, dir);
    return Metrics{{"stsb_spearman", stsb_spearman},
                   {"sickr_spearman", sickr_spearman},
                   {"avg_sts", (stsb_spearman + sickr_spearman) / 2},
                   {"alignment", geometry.alignment},
                   {"uniformity", geometry.uniformity}};
  };
}

std::string format_metrics(const Metrics& metrics) {
  std::string text;
  char buffer[64];
  for (const auto& [name, value] : metrics) {
    std::snprintf(buffer, sizeof buffer, "%s%s %.4f", text.empty() ? "" : ", ", name.c_str(), value);
    text += buffer;
  }
  return text;
}

void run_train(const TrainOptions& options, const std::vector<std::string>& command_line) {
  if (options.fp16)
    std::cerr << "simcse train: --fp16 is accepted for SimCSE's scripts but not implemented (on " << options.args.device
              << " too); training in float32\n";
  TrainerHooks hooks;
  if (options.args.evaluation_strategy == "steps") hooks.evaluate = make_evaluator(options);
  auto progress = std::make_shared<std::unique_ptr<ProgressBar>>();
  hooks.on_step = [progress](const StepReport& report) {
    if (!*progress) *progress = std::make_unique<ProgressBar>("simcse train", report.total_steps, "steps", true);
    char status[160];
    std::snprintf(status, sizeof status, "loss %.4f lr %.2e %.0f sentences/s, %.0f s left", report.loss,
                  report.learning_rate, report.sentences_per_second, report.seconds_left);
    (*progress)->update(report.step, status);
  };
  hooks.on_evaluation = [progress](int64_t step, const Metrics& metrics) {
    if (*progress) (*progress)->finish();
    std::cerr << "simcse train: step " << step << ": " << format_metrics(metrics) << "\n";
  };
  hooks.on_message = [progress](const std::string& message) {
    if (*progress) (*progress)->finish();
    std::cerr << "simcse train: " << message << "\n";
  };

  const TrainingSummary summary = train(options.args, hooks, command_line);
  if (world().rank() != 0) return;  // in a data-parallel run rank 0 alone reports and plots
  if (*progress) (*progress)->finish();
  const std::string log = (std::filesystem::path(options.args.output_dir) / "training_log.jsonl").string();
  const std::string plot = write_training_plot(log, options.args.output_dir);
  std::cout << "trained " << summary.steps << " steps; model in " << options.args.output_dir << "\n";
  if (!plot.empty()) std::cout << plot << "\n";
  if (summary.initial_metrics.empty()) return;
  std::cout << "\n" << (options.eval_file.empty() ? "dev sets" : options.eval_file)
            << ": before and after training (correlations and rates x 100)"
            << (options.args.load_best_model_at_end ? " (after = the best evaluation, the model kept)" : "") << "\n";
  std::printf("%-18s %10s %10s\n", "metric", "before", "after");
  for (size_t i = 0; i < summary.initial_metrics.size(); ++i) {
    const auto& [name, before] = summary.initial_metrics[i];
    const double after = i < summary.final_metrics.size() ? summary.final_metrics[i].second : NAN;
    const bool percent = name.find("spearman") != std::string::npos || name == "avg_sts" || name == "f1" ||
                         name == "precision" || name == "recall" || name == "accuracy";
    const double scale = percent ? 100 : 1;
    std::printf("%-18s %10.2f %10.2f\n", name.c_str(), before * scale, after * scale);
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto* command = app.add_subcommand("train", "Train SimCSE (unsupervised .txt, supervised .csv) as SimCSE's train.py");
  auto options = std::make_shared<TrainOptions>();
  TrainingArguments& a = options->args;
  command->add_option("--model_name_or_path", a.model_name_or_path,
                      "Hugging Face BERT or RoBERTa directory to start from")
      ->check(CLI::ExistingDirectory);
  command->add_option("--config_name", a.config_name, "config.json for a randomly initialised BERT or RoBERTa")
      ->check(CLI::ExistingFile);
  command->add_option("--tokenizer_name", a.tokenizer_name,
                      "vocab.txt, or a directory with the tokenizer files (default: the model's)")
      ->check(CLI::ExistingPath);
  command->add_option("--train_file", a.train_file, ".txt (one sentence per line) or .csv (sent0,sent1[,hard_neg])")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--output_dir", a.output_dir, "where the model, checkpoints and logs go")->required();
  command->add_flag("--overwrite_output_dir", a.overwrite_output_dir, "train into a non-empty output directory");
  command->add_option("--num_train_epochs", a.num_train_epochs, "epochs (default 3)");
  command->add_option("--max_steps", a.max_steps, "if > 0: train exactly this many steps");
  command->add_option("--per_device_train_batch_size", a.per_device_train_batch_size, "examples per step (default 8)");
  command->add_option("--learning_rate", a.learning_rate, "peak AdamW learning rate (default 5e-5)");
  command->add_option("--max_seq_length", a.max_seq_length, "truncate sentences to N tokens (default 32)");
  command->add_option("--pooler_type", a.pooler_type, "cls, cls_before_pooler, avg, avg_top2, avg_first_last");
  command->add_flag("--mlp_only_train", a.mlp_only_train, "use the MLP in training only (unsupervised recipe)");
  command->add_option("--temp", a.temp, "temperature tau (default 0.05)");
  command->add_option("--hard_negative_weight", a.hard_negative_weight, "log-weight of each row's hard negative");
  command->add_option("--loss_scale", a.loss_scale, "scale s of the margin/scale loss: the same as --temp 1/s");
  command->add_option("--loss_margin", a.loss_margin, "margin m: each positive's cosine lowered by m (default 0)");
  command->add_flag("--do_mlm", a.do_mlm, "add the masked-LM auxiliary loss");
  command->add_option("--mlm_weight", a.mlm_weight, "weight of the MLM loss (default 0.1)");
  command->add_option("--mlm_probability", a.mlm_probability, "fraction of tokens masked (default 0.15)");
  command->add_option("--loss", a.loss, "simcse (default), mnrl (MultipleNegativesRankingLoss), cosine_mse "
                      "(CosineSimilarityLoss on sentence1,sentence2,score rows) or tsdae (denoising auto-encoder)");
  command->add_option("--deletion_ratio", a.deletion_ratio, "tsdae: share of words deleted (default 0.6)");
  command->add_option("--scale", a.scale, "mnrl: cosine x scale, = 1/temperature (default 20)");
  command->add_flag("--symmetric", a.symmetric, "mnrl: also each positive ranks the anchors (the symmetric loss)");
  command->add_option("--max_score", a.max_score, "cosine_mse: scores lie in [0, max_score] (5 for STS-B; default 1)");
  command->add_option("--pooling_mode", a.pooling_mode, "mnrl / cosine_mse: mean, cls, max, mean_sqrt_len_tokens, "
                      "weightedmean, lasttoken (default: the model's modules.json, else mean)");
  command->add_option("--dense_out_features", a.dense_out_features, "mnrl / cosine_mse: add a trainable Dense layer "
                      "of this width after the pooling");
  command->add_option("--dense_activation", a.dense_activation, "its activation: tanh (default), identity, relu, gelu");
  command->add_option("--evaluation_strategy", a.evaluation_strategy, "no, or steps (evaluate every --eval_steps)");
  command->add_option("--eval_steps", a.eval_steps, "evaluate every N steps (default 500)");
  command->add_option("--metric_for_best_model", a.metric_for_best_model, "metric that picks the best model");
  command->add_flag("--load_best_model_at_end", a.load_best_model_at_end, "keep the best evaluated model");
  command->add_option("--logging_steps", a.logging_steps, "log every N steps (default 500)");
  command->add_option("--save_steps", a.save_steps, "a resumable checkpoint every N steps (default 500; 0: none)");
  command->add_option("--warmup_steps", a.warmup_steps, "linear warm-up steps (default 0)");
  command->add_option("--positive", a.positive,
                      "ESimCSE: word_repetition (repeat sub-words in the positive view), or dropout (SimCSE, default)");
  command->add_option("--dup_rate", a.dup_rate, "ESimCSE word repetition: up to min(10, dup_rate x length) repeated tokens (default 0.32)");
  command->add_option("--momentum", a.momentum, "ESimCSE: the momentum encoder's moving-average factor (default 0.995)");
  command->add_option("--queue_size", a.queue_size, "ESimCSE: momentum-encoder vectors kept as extra negatives (default 0: none)");
  command->add_option("--lr_scheduler_type", a.lr_scheduler_type,
                      "linear (decay to 0, default), constant, constant_with_warmup (TSDAE: constant)");
  command->add_option("--weight_decay", a.weight_decay, "AdamW weight decay (default 0)");
  command->add_option("--max_grad_norm", a.max_grad_norm, "clip the gradient norm to this (default 1.0; 0: no clipping)");
  command->add_option("--seed", a.seed, "seed for initialisation, shuffling, dropout and MLM masks (default 42)")
      ->check(kNonNegative);
  add_threads_option(command, a.threads);
  command->add_option("--ddp_timeout", a.ddp_timeout,
                      "with mpirun: seconds a rank waits for the others at a collective before stopping the run "
                      "(default 1800)")
      ->check(kPositive);
  command->add_option("--zero_stage", a.zero_stage,
                      "with mpirun: 1 shards AdamW's moments across the ranks (ZeRO stage 1; default 0)");
  add_device_option(command, a.device);
  command->add_option("--resume_from_checkpoint", a.resume_from_checkpoint, "a checkpoint-N directory to continue")
      ->check(CLI::ExistingDirectory);
  command->add_flag("--skip_bad_rows", a.skip_bad_rows, "skip (and count) malformed training rows");
  command->add_option("--senteval_dir", options->senteval_dir, "SentEval data for STS-B/SICK-R dev evaluation");
  command->add_option("--eval_file", options->eval_file, "evaluate on sentence1<TAB>sentence2<TAB>label pairs instead (pairs_spearman; with 0/1 labels also f1, "
                      "precision, recall, accuracy)")
      ->check(CLI::ExistingFile);
  command->add_flag("--do_train,--do_eval,--pad_to_max_length", options->accepted_flag,
                    "accepted for SimCSE's scripts; no effect");
  command->add_flag("--fp16", options->fp16, "accepted for SimCSE's scripts; training stays float32");
  command->callback([options] { run_train(*options, command_line()); });
}

}  // namespace simcse::cli
