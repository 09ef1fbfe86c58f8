// training_arguments.cc — the settings of `simcse train` checked as a whole before a run starts.
// Paper: Appendix A (training details)
#include "simcse/training_arguments.h"

#include <cmath>

#include "core/error.h"
#include "core/scalar.h"

namespace simcse {

namespace {

void check_finite(double value, const char* flag) {
  SIMCSE_CHECK(std::isfinite(value), flag, " must be a finite number, got ", value);
}

void check_positive(double value, const char* flag) {
  check_finite(value, flag);
  SIMCSE_CHECK(value > 0, flag, " must be positive, got ", value);
}

void check_non_negative(double value, const char* flag) {
  check_finite(value, flag);
  SIMCSE_CHECK(value >= 0, flag, " must be 0 or more, got ", value);
}

}  // namespace

void check_training_arguments(const TrainingArguments& args) {
  SIMCSE_CHECK(!args.output_dir.empty(), "--output_dir is required");
  SIMCSE_CHECK(!args.train_file.empty(), "--train_file is required");
  check_positive(args.learning_rate, "--learning_rate");
  // The update runs in Scalar (float32 in the normal build), where 1e39 is already Inf.
  SIMCSE_CHECK(std::isfinite(static_cast<Scalar>(args.learning_rate)), "--learning_rate ", args.learning_rate,
               " is not a finite ", scalar_name(), " number");
  check_positive(args.temp, "--temp");
  check_non_negative(args.loss_scale, "--loss_scale");
  check_finite(args.loss_margin, "--loss_margin");
  SIMCSE_CHECK(args.loss_margin >= 0 && args.loss_margin < 2, "--loss_margin is subtracted from a cosine: it must be in "
               "[0, 2), got ", args.loss_margin);
  check_non_negative(args.weight_decay, "--weight_decay");
  check_non_negative(args.max_grad_norm, "--max_grad_norm");
  check_finite(args.hard_negative_weight, "--hard_negative_weight");
  check_non_negative(args.mlm_weight, "--mlm_weight");
  check_finite(args.mlm_probability, "--mlm_probability");
  SIMCSE_CHECK(args.mlm_probability >= 0 && args.mlm_probability <= 1, "--mlm_probability must be in [0, 1], got ",
               args.mlm_probability);
  SIMCSE_CHECK(args.loss == "simcse" || args.loss == "mnrl" || args.loss == "cosine_mse" || args.loss == "tsdae",
               "--loss must be simcse, mnrl, cosine_mse or tsdae, got '", args.loss, "'");
  check_finite(args.deletion_ratio, "--deletion_ratio");
  SIMCSE_CHECK(args.deletion_ratio >= 0 && args.deletion_ratio < 1, "--deletion_ratio is the share of words deleted: "
               "it must be in [0, 1), got ", args.deletion_ratio);
  check_positive(args.scale, "--scale");
  check_positive(args.max_score, "--max_score");
  SIMCSE_CHECK(args.dense_out_features >= 0, "--dense_out_features must be 0 (no Dense layer) or more, got ",
               args.dense_out_features);
  SIMCSE_CHECK(args.loss != "simcse" || (args.pooling_mode.empty() && args.dense_out_features == 0),
               "--pooling_mode and --dense_out_features belong to the sentence-transformers losses (--loss mnrl, "
               "cosine_mse or tsdae); SimCSE's own head is --pooler_type");
  check_non_negative(args.num_train_epochs, "--num_train_epochs");
  SIMCSE_CHECK(args.per_device_train_batch_size > 0, "--per_device_train_batch_size must be positive, got ",
               args.per_device_train_batch_size);
  SIMCSE_CHECK(args.max_seq_length >= 2, "--max_seq_length must be at least 2 ([CLS] and [SEP]), got ",
               args.max_seq_length);
  SIMCSE_CHECK(args.warmup_steps >= 0, "--warmup_steps must be 0 or more, got ", args.warmup_steps);
  SIMCSE_CHECK(args.positive == "dropout" || args.positive == "word_repetition",
               "--positive must be dropout or word_repetition, got '", args.positive, "'");
  SIMCSE_CHECK(args.dup_rate >= 0 && args.dup_rate <= 1, "--dup_rate must be in [0, 1], got ", args.dup_rate);
  SIMCSE_CHECK(args.momentum >= 0 && args.momentum < 1, "--momentum must be in [0, 1), got ", args.momentum);
  SIMCSE_CHECK(args.queue_size >= 0, "--queue_size must be 0 or more, got ", args.queue_size);
  SIMCSE_CHECK(args.loss == "simcse" || (args.positive == "dropout" && args.queue_size == 0),
               "--positive word_repetition and --queue_size are ESimCSE's, on --loss simcse only");
  SIMCSE_CHECK(args.lr_scheduler_type == "linear" || args.lr_scheduler_type == "constant" ||
                   args.lr_scheduler_type == "constant_with_warmup",
               "--lr_scheduler_type must be linear, constant or constant_with_warmup, got '", args.lr_scheduler_type, "'");
  SIMCSE_CHECK(args.lr_scheduler_type != "constant" || args.warmup_steps == 0,
               "--lr_scheduler_type constant has no warm-up; use constant_with_warmup with --warmup_steps");
  SIMCSE_CHECK(args.logging_steps >= 0, "--logging_steps must be 0 or more, got ", args.logging_steps);
  SIMCSE_CHECK(args.save_steps >= 0, "--save_steps must be 0 or more (0: no checkpoints), got ", args.save_steps);
  SIMCSE_CHECK(args.evaluation_strategy == "steps" || args.evaluation_strategy == "no",
               "--evaluation_strategy must be 'no' or 'steps', got '", args.evaluation_strategy, "'");
  SIMCSE_CHECK(args.evaluation_strategy != "steps" || args.eval_steps > 0,
               "--eval_steps must be positive with --evaluation_strategy steps, got ", args.eval_steps);
  check_positive(args.ddp_timeout, "--ddp_timeout");
  SIMCSE_CHECK(args.zero_stage == 0 || args.zero_stage == 1,
               "--zero_stage must be 0 (no sharding) or 1 (AdamW's moments sharded across ranks), got ", args.zero_stage);
  SIMCSE_CHECK(args.threads >= 0, "--threads must be 0 (every core) or more, got ", args.threads);
}

}  // namespace simcse
