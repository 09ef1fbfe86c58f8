// training_arguments.h — every setting of `simcse train`, named and defaulted as SimCSE's
// train.py (ModelArguments, DataTrainingArguments, OurTrainingArguments) and the Hugging Face
// TrainingArguments it extends, so SimCSE's run_*_example.sh flags carry over unchanged.
// Paper: Appendix A (training details: tau 0.05, max length 32, batch 64 / lr 3e-5 unsup,
// batch 512 / lr 5e-5 sup, evaluation every 125 or 250 steps)
#pragma once

#include <cstdint>
#include <string>

namespace simcse {

struct TrainingArguments {
  // ---- model and data -------------------------------------------------------------------------
  std::string model_name_or_path;  // a Hugging Face BERT directory to start from, or
  std::string config_name;         // a config.json for random initialisation
  std::string tokenizer_name;      // a vocab.txt or a directory holding one (default: the model's)
  std::string train_file;          // .txt (unsupervised) or .csv (pairs / triplets)
  std::string output_dir;
  bool overwrite_output_dir = false;
  bool skip_bad_rows = false;
  int max_seq_length = 32;

  // ---- schedule and optimiser (Hugging Face Trainer defaults) --------------------------------
  double num_train_epochs = 3;
  int64_t max_steps = -1;  // > 0 overrides the epochs
  int64_t per_device_train_batch_size = 8;
  double learning_rate = 5e-5;
  double weight_decay = 0;
  int64_t warmup_steps = 0;
  std::string lr_scheduler_type = "linear";  // linear (decay to 0), constant, constant_with_warmup
  double max_grad_norm = 1.0;     // clip the global gradient norm to this (0: no clipping)
  uint64_t seed = 42;

  // ---- SimCSE ---------------------------------------------------------------------------------
  std::string pooler_type = "cls";
  bool mlp_only_train = false;
  double temp = 0.05;
  double loss_scale = 0;    // s of the margin/scale form: the same as --temp 1/s (0: use --temp)
  double loss_margin = 0;   // m: the positive's cosine is lowered by m before scaling
  double hard_negative_weight = 0;
  bool do_mlm = false;
  double mlm_weight = 0.1;
  double mlm_probability = 0.15;

  // ---- ESimCSE (Wu et al. 2022), on SimCSE's objective ------------------------------------------
  std::string positive = "dropout";  // dropout (SimCSE: the sentence itself), word_repetition (ESimCSE)
  double dup_rate = 0.32;            // word_repetition: how many sub-words may repeat (a share of the length)
  double momentum = 0.995;           // the momentum encoder's moving-average factor (with --queue_size)
  int64_t queue_size = 0;            // > 0: that many momentum-encoder vectors as extra negatives

  // ---- sentence-transformers' objectives (--loss other than simcse) ---------------------------
  std::string loss = "simcse";  // simcse, mnrl (MultipleNegativesRankingLoss), cosine_mse (CosineSimilarityLoss), tsdae
  double scale = 20;            // mnrl: cosine x scale (= 1 / temperature)
  bool symmetric = false;       // mnrl: also rank the anchors for each positive, averaged (the symmetric loss)
  double max_score = 1;         // cosine_mse: the training file's scores are in [0, max_score], divided by it
  std::string pooling_mode;     // sentence-transformers' Pooling mode; "" = the model's modules.json, else mean
  int64_t dense_out_features = 0;          // > 0: a trainable Dense layer after the pooling (models.Dense)
  std::string dense_activation = "tanh";   // its activation: tanh, identity, relu, gelu
  double deletion_ratio = 0.6;  // tsdae: the share of words deleted from the encoder's input

  // ---- evaluation, logging, checkpoints -------------------------------------------------------
  std::string evaluation_strategy = "no";  // "steps": evaluate every eval_steps
  int64_t eval_steps = 500;
  std::string metric_for_best_model = "stsb_spearman";
  bool load_best_model_at_end = false;
  int64_t logging_steps = 500;
  int64_t save_steps = 500;      // a resumable checkpoint every save_steps (0: none)
  std::string resume_from_checkpoint;
  int threads = 0;               // OpenMP threads; 0 = every core
  std::string device = "cpu";    // where the model lives and runs: cpu or cuda
  double ddp_timeout = 1800;     // seconds a rank of a data-parallel run waits at a collective
  int zero_stage = 0;            // 1: the ranks shard AdamW's moments (ZeRO stage 1)
};

// Refuses, before anything is loaded or written, every setting no run can use, naming the flag:
// a learning rate that is not a positive finite number (NaN or 1e39 would train a model of
// NaN/Inf weights), a temperature of 0, a negative step count, a probability outside [0, 1], ...
void check_training_arguments(const TrainingArguments& args);

}  // namespace simcse
