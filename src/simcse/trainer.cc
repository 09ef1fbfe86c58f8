// trainer.cc — setting up a run (model, tokenizer, data, optimiser; or everything from a
// checkpoint), then the step loop, evaluation, logging and saving. The step itself is the five
// lines of notebooks_cpp/06_training_step.cpp: batch, loss, backward, clip, AdamW.
// Paper: §3, §4; Appendix A (training details)
#include "simcse/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "backend/backend.h"
#include "nn/bert_checkpoint.h"
#include "io/directory_lock.h"
#include "io/json_file.h"
#include "simcse/data_parallel.h"
#include "simcse/random_streams.h"
#include "simcse/run_record.h"
#include "simcse/saved_model.h"
#include "simcse/training_objective.h"
#include "simcse/training_data.h"
#include "tokenizer/load_tokenizer.h"

namespace simcse {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- setting up ---------------------------------------------------------------------------------

// Where the tokenizer comes from: --tokenizer_name, else the model directory. BERT's is a vocab.txt
// or a tokenizer.json (or a directory holding one: transformers 5 and sentence-transformers save only
// tokenizer.json); RoBERTa's a directory with vocab.json + merges.txt or tokenizer.json.
std::string tokenizer_files_of(const TrainingArguments& args, const std::string& model_dir,
                               const BertConfig& config) {
  std::string source = !args.tokenizer_name.empty() ? args.tokenizer_name : model_dir;
  SIMCSE_CHECK(!source.empty(), "--config_name needs --tokenizer_name (a vocab.txt, or a directory with a tokenizer)");
  if (config.model_type == ModelType::roberta) {  // it is copied into every saved model: check now, not at the end
    SIMCSE_CHECK(fs::is_directory(source), "a RoBERTa's tokenizer is a directory with vocab.json + merges.txt or "
                 "tokenizer.json, not ", source);
    return source;
  }
  if (fs::is_directory(source)) {
    const fs::path vocab = fs::path(source) / "vocab.txt", tokenizer_json = fs::path(source) / "tokenizer.json";
    SIMCSE_CHECK(fs::is_regular_file(vocab) || fs::is_regular_file(tokenizer_json), "no WordPiece vocabulary in ",
                 source, " (vocab.txt or tokenizer.json)");
    return (fs::is_regular_file(vocab) ? vocab : tokenizer_json).string();
  }
  SIMCSE_CHECK(fs::is_regular_file(source), "no WordPiece vocabulary at ", source);
  return source;
}

// Everything a run is made of, built from the arguments (and a checkpoint when resuming).
struct TrainingSetup {
  std::unique_ptr<TrainingObjective> objective;
  std::unique_ptr<Tokenizer> tokenizer;
  std::string tokenizer_files;  // what write_bert_files copies the tokenizer from
  std::string weights_file;  // the file the encoder's weights came from ("" for a random start)
  bool lowercase = true;
  TrainingData data;
  std::unique_ptr<AdamW> optimizer;
  TrainerState state;
  int64_t total_steps = 0;
};

TrainingSetup set_up_training(const TrainingArguments& args, Communicator& communicator) {
  TrainingSetup setup;
  const bool resuming = !args.resume_from_checkpoint.empty();
  const std::string model_dir = resuming ? args.resume_from_checkpoint : args.model_name_or_path;
  SIMCSE_CHECK(!model_dir.empty() || !args.config_name.empty(),
               "give --model_name_or_path (a Hugging Face BERT or RoBERTa directory) or --config_name (a config.json)");
  const Device device = parse_device(args.device);
  std::optional<TrainingCheckpoint> checkpoint;
  if (resuming) checkpoint = read_training_checkpoint(args.resume_from_checkpoint);

  // The encoder: a checkpoint's weights, or a fresh random one from the config; on `device`.
  std::optional<BertModel> encoder;
  if (!model_dir.empty()) {
    LoadedBert loaded = load_bert(model_dir, device);
    setup.weights_file = loaded.weights_file;
    encoder.emplace(loaded.model.without_pooler());  // each objective adds its own head
    setup.lowercase = checkpoint_lowercase(model_dir);
  } else {
    const BertConfig config = BertConfig::from_file(args.config_name);
    encoder.emplace(config, on_device(random_bert_parameters(config, encoder_init_key(args.seed)), device), false);
  }
  const BertConfig config = encoder->config();
  SIMCSE_CHECK(args.max_seq_length <= config.max_sequence_length(), "--max_seq_length ", args.max_seq_length,
               " exceeds the ", config.max_sequence_length(), " tokens the model's max_position_embeddings ",
               config.max_position_embeddings, " can number");
  ParameterSource state = random_bert_parameters(config, heads_init_key(args.seed));
  if (checkpoint) {
    state = [&checkpoint](const std::string& name, const Shape&) {
      auto found = checkpoint->tensors.find(name);
      SIMCSE_CHECK(found != checkpoint->tensors.end(), "the checkpoint has no '", name,
                   "' (was it trained with other --pooler_type / --do_mlm settings?)");
      return found->second;
    };
  }
  setup.objective = make_training_objective(args, std::move(*encoder), on_device(state, device));

  setup.tokenizer_files = tokenizer_files_of(args, model_dir, config);
  setup.tokenizer = load_tokenizer(setup.tokenizer_files, setup.lowercase);
  SIMCSE_CHECK(setup.tokenizer->vocab().size() <= config.vocab_size, "the vocabulary ", setup.tokenizer_files, " has ",
               setup.tokenizer->vocab().size(), " tokens but the model only ", config.vocab_size, " embeddings");
  // RoBERTa numbers positions from its padding id, so the tokenizer must pad with the model's.
  SIMCSE_CHECK(config.model_type != ModelType::roberta || setup.tokenizer->vocab().pad_id() == config.pad_token_id,
               "the tokenizer ", setup.tokenizer_files, " pads with id ", setup.tokenizer->vocab().pad_id(),
               " but the RoBERTa model's pad_token_id is ", config.pad_token_id);

  setup.data = load_training_data(args.train_file, args.skip_bad_rows);
  setup.objective->check_training_data(setup.data, args.train_file);
  const int64_t examples = static_cast<int64_t>(setup.data.examples.size());
  const int64_t global_batch = args.per_device_train_batch_size * communicator.size();  // per rank, as SimCSE's
  const int64_t steps_per_epoch = (examples + global_batch - 1) / global_batch;
  setup.total_steps = args.max_steps > 0 ? args.max_steps
                                         : static_cast<int64_t>(std::ceil(args.num_train_epochs * steps_per_epoch));
  SIMCSE_CHECK(setup.total_steps > 0, "nothing to train: --num_train_epochs ", args.num_train_epochs,
               " and --max_steps ", args.max_steps);
  // Each rank takes an equal share of every global batch, the last (partial) batch of an epoch too.
  // torch's DistributedSampler would pad that batch with repeated sentences; we refuse instead.
  const int64_t ranks = communicator.size(), last_batch = examples % global_batch;
  SIMCSE_CHECK(last_batch % ranks == 0 || setup.total_steps <= examples / global_batch, "the last batch of an epoch (",
               last_batch, " of the ", examples, " examples of ", args.train_file, ") cannot be shared evenly by ",
               ranks, " ranks: give --max_steps ", examples / global_batch, " or fewer, or a training file whose size "
               "leaves a multiple of ", ranks, " examples after the last full batch of ", global_batch);

  OptimizerSettings optimizer;
  optimizer.adamw.learning_rate = args.learning_rate;
  optimizer.adamw.weight_decay = args.weight_decay;
  optimizer.warmup_steps = args.warmup_steps;
  optimizer.total_steps = setup.total_steps;
  optimizer.decay = args.lr_scheduler_type == "linear";
  optimizer.max_grad_norm = args.max_grad_norm;
  setup.optimizer = std::make_unique<AdamW>(setup.objective->named_parameters(), optimizer,
                                            args.zero_stage == 1 ? &communicator : nullptr);
  if (checkpoint) {
    SIMCSE_CHECK(checkpoint->state.position < examples, args.resume_from_checkpoint,
                 "/trainer_state.json: \"position\" ", checkpoint->state.position, " is beyond the ", examples,
                 " examples of ", args.train_file, " (was the checkpoint trained on another file?)");
    NamedTensors moments;
    for (const auto& [name, tensor] : checkpoint->tensors)
      if (name.rfind("exp_avg", 0) == 0) moments.emplace_back(name, tensor);
    setup.optimizer->load_state(moments, checkpoint->state.global_step);
    setup.state = checkpoint->state;
  }
  return setup;
}

// SimCSE refuses to train into a directory that already holds something, unless told to. (The
// lock file of this very run does not count.)
void check_output_dir_is_free(const TrainingArguments& args) {
  bool has_contents = false;
  for (const auto& entry : fs::directory_iterator(args.output_dir))
    has_contents |= entry.path().filename() != kLockFile;
  SIMCSE_CHECK(!has_contents || args.overwrite_output_dir || !args.resume_from_checkpoint.empty(),
               "output directory ", args.output_dir,
               " already exists and is not empty; use --overwrite_output_dir to train into it anyway");
}

// "NAME has N NaN/Inf value(s)" for the first parameter (or gradient) holding one, else "". Only
// called when a norm over all of them is not finite: the norm sums every square, so one NaN or Inf
// anywhere shows there, and a finite norm means nothing needs scanning.
std::string first_nonfinite(const TrainingObjective& objective, bool gradients) {
  for (const auto& [name, parameter] : objective.named_parameters()) {
    if (gradients && !parameter.has_grad()) continue;
    const Scalar* values = gradients ? parameter.grad_data() : parameter.data();
    const int64_t bad = backend_for(parameter.device()).count_nonfinite(values, parameter.numel());
    if (bad > 0) return name + " has " + std::to_string(bad) + " NaN/Inf value(s)";
  }
  return "";
}

// ---- logging -------------------------------------------------------------------------------------

class TrainingLog {
 public:
  // Resuming at `resumed_step` keeps the records up to it and drops the rest (they belong to the
  // interrupted continuation that is about to be replayed). A last line cut short by the
  // interruption is dropped with them; a damaged line anywhere else is an error naming it.
  TrainingLog(const std::string& path, int64_t resumed_step) {
    std::vector<std::string> kept;
    if (resumed_step > 0 && fs::exists(path)) {
      std::ifstream old(path, std::ios::binary);
      std::string line;
      for (int64_t number = 1; std::getline(old, line); ++number) {
        if (line.empty()) continue;
        const bool last_and_unterminated = old.eof();
        const std::string source = path + ":" + std::to_string(number);
        json record;
        try {
          record = parse_json(line, source);
        } catch (const Error&) {
          if (last_and_unterminated) break;
          throw;
        }
        SIMCSE_CHECK(record.is_object() && record.contains("step") && record["step"].is_number_integer(), source,
                     ": not a training log record (a JSON object with an integer \"step\")");
        if (record["step"].get<int64_t>() <= resumed_step) kept.push_back(line);
      }
    }
    out_.open(path, std::ios::trunc);
    SIMCSE_CHECK(out_.good(), "cannot write the training log ", path);
    for (const std::string& line : kept) out_ << line << "\n";
  }
  void write(const json& record) {
    out_ << record.dump() << "\n";
    out_.flush();
  }

 private:
  std::ofstream out_;
};

json metrics_json(int64_t step, const Metrics& metrics) {
  json record = {{"step", step}};
  for (const auto& [name, value] : metrics) record["eval_" + name] = value;
  return record;
}

double metric_value(const Metrics& metrics, const std::string& wanted) {
  const std::string name = wanted.rfind("eval_", 0) == 0 ? wanted.substr(5) : wanted;
  for (const auto& [metric, value] : metrics)
    if (metric == name) return value;
  std::string known;
  for (const auto& entry : metrics) known += (known.empty() ? "" : ", ") + entry.first;
  fail("--metric_for_best_model ", wanted, " is not among the evaluation's metrics (", known, ")");
}

}  // namespace

TrainingSummary train(const TrainingArguments& args, const TrainerHooks& hooks,
                      const std::vector<std::string>& command_line, Communicator& communicator) {
  check_training_arguments(args);
  set_num_threads(args.threads);
  // Several ranks: rank 0 alone writes (the lock, the log, evaluations, checkpoints, the model);
  // every rank computes every step.
  const bool writer = communicator.rank() == 0;
  std::optional<DirectoryLock> lock;
  if (writer) {
    lock.emplace(args.output_dir, "simcse train");
    check_output_dir_is_free(args);
  }
  set_collective_timeout(args.ddp_timeout);
  check_ranks_agree(args, command_line, communicator);
  TrainingSetup setup = [&] {
    try {
      return set_up_training(args, communicator);
    } catch (const std::bad_alloc&) {  // a valid config too large for this machine (the limits allow 2^36 weights)
      const std::string& described = !args.config_name.empty() ? args.config_name
                                     : !args.resume_from_checkpoint.empty() ? args.resume_from_checkpoint
                                                                            : args.model_name_or_path;
      fail("not enough memory for the model ", described,
           " describes, its training heads and AdamW's two moments per weight");
    }
  }();
  TrainingObjective& objective = *setup.objective;
  AdamW& optimizer = *setup.optimizer;
  broadcast_parameters(objective.named_parameters(), communicator);  // every rank starts from rank 0's weights
  auto message = [&](const std::string& text) {
    if (hooks.on_message && writer) hooks.on_message(text);
  };
  if (args.zero_stage == 1) {
    int64_t parameters = 0;
    for (const auto& entry : objective.named_parameters()) parameters += entry.second.numel();
    const int64_t unsharded_bytes = 2 * parameters * static_cast<int64_t>(sizeof(Scalar));  // exp_avg + exp_avg_sq
    message("--zero_stage 1: each of the " + std::to_string(communicator.size()) + " ranks holds " +
            std::to_string(optimizer.state_bytes() >> 10) + " KiB of AdamW moments (" +
            std::to_string(unsharded_bytes >> 10) + " KiB unsharded)");
  }
  if (setup.data.skipped_rows > 0)
    message("skipped " + std::to_string(setup.data.skipped_rows) + " bad row(s); the first: " +
            setup.data.first_skip_reason);
  if (writer)
    write_run_record(args.output_dir, {command_line, args.seed, num_threads(), communicator.size(), args.device,
                                       {{"train_file", args.train_file},
                                        {"vocab", setup.tokenizer_files},
                                        {"config_name", args.config_name},
                                        {"model_weights", setup.weights_file}}});

  const bool evaluating = writer && args.evaluation_strategy == "steps" && hooks.evaluate;
  std::optional<TrainingLog> log;
  if (writer) log.emplace((fs::path(args.output_dir) / "training_log.jsonl").string(), setup.state.global_step);
  TrainingSummary summary;
  TrainerState& state = setup.state;

  // SentEval's batcher does not truncate: sentences keep as many tokens as the positions can number.
  const int evaluation_length = static_cast<int>(objective.encoder().config().max_sequence_length());
  const SentenceEncoder model_as_encoder = [&](const std::vector<std::string>& sentences) {
    EncodedBatch encoded = setup.tokenizer->encode_batch(sentences, evaluation_length);
    return objective.sentemb_forward({encoded.batch, encoded.seq_len, std::move(encoded.input_ids),
                                  std::move(encoded.token_type_ids), std::move(encoded.attention_mask)});
  };
  auto evaluate = [&] {
    Metrics metrics = hooks.evaluate(model_as_encoder);
    log->write(metrics_json(state.global_step, metrics));
    if (hooks.on_evaluation) hooks.on_evaluation(state.global_step, metrics);
    return metrics;
  };
  // Evaluation keeps the best model: a better metric saves it to output_dir (SimCSE's CLTrainer
  // saves only the best checkpoint). The evaluation before training only records where we start.
  Metrics latest_metrics, best_metrics;
  auto evaluate_and_select = [&] {
    Metrics metrics = evaluate();
    latest_metrics = metrics;
    const double value = metric_value(metrics, args.metric_for_best_model);
    if (state.best_step < 0 || value > state.best_metric) {
      state.best_metric = value, state.best_step = state.global_step;
      best_metrics = metrics;
      save_model_directory(args.output_dir, objective, setup.tokenizer_files, setup.lowercase, state.global_step);
      message("step " + std::to_string(state.global_step) + ": new best " + args.metric_for_best_model + " " +
              std::to_string(value) + ", model saved to " + args.output_dir);
    }
  };
  if (evaluating && state.global_step == 0) summary.initial_metrics = evaluate();

  const int64_t examples = static_cast<int64_t>(setup.data.examples.size());
  const int per_example = setup.data.columns == 3 ? 3 : 2;
  // Rank r's dropout masks are those one process would draw for its rows (ops/dropout.h).
  RandomStream dropout{args.seed, state.dropout_offset, static_cast<uint64_t>(communicator.rank())};
  const int64_t global_batch = args.per_device_train_batch_size * communicator.size();
  std::vector<int64_t> order = epoch_order(examples, args.seed, state.epoch);
  const auto start = std::chrono::steady_clock::now();
  const int64_t first_step = state.global_step;
  int64_t sentences_seen = 0;
  double logged_loss = 0;
  int64_t logged_steps = 0;
  bool evaluated_last_step = false;

  while (state.global_step < setup.total_steps) {
    const int64_t size = std::min(global_batch, examples - state.position);  // the global batch
    const double learning_rate = optimizer.current_learning_rate();
    double loss_value = 0, grad_norm = 0;
    try {
      const Shard shard = shard_of_batch(state.position, size, communicator);  // this rank's examples
      TrainingStep step{{}, setup.data.columns, setup.tokenizer.get(), args.max_seq_length, args.seed,
                        static_cast<uint64_t>(state.global_step), &dropout, &communicator};
      for (int64_t k = shard.first; k < shard.first + shard.count; ++k)
        step.examples.push_back(&setup.data.examples[order[k]]);
      Tensor loss = objective.loss(step);  // for SimCSE: both views through BERT, then eq. (1)
      loss.backward();
      all_reduce_gradients(objective.named_parameters(), communicator);  // the global batch's gradient
      grad_norm = optimizer.clip_gradients();
      if (!std::isfinite(grad_norm)) {
        const std::string found = first_nonfinite(objective, /*gradients=*/true);
        fail(found.empty() ? "the gradient norm overflows (NaN/Inf)" : "the gradient of " + found);
      }
      optimizer.step();
      optimizer.zero_grad();
      objective.after_update();
      // A finite gradient can still make a NaN/Inf weight (a huge learning rate or weight decay):
      // stop here, before any checkpoint or model is saved from it. (A norm that is Inf only
      // because the squares of finite weights overflow is not a reason to stop.)
      if (!std::isfinite(optimizer.parameter_norm())) {
        const std::string found = first_nonfinite(objective, /*gradients=*/false);
        SIMCSE_CHECK(found.empty(), "after the update, ", found);
      }
      loss_value = loss.item();
    } catch (const Error& error) {  // e.g. an op reporting NaN/Inf: say which step
      fail("step ", state.global_step + 1, ": ", error.what(),
           "; training stopped (the last checkpoint saved is intact)");
    }

    ++state.global_step;
    state.position += size;
    if (state.position >= examples) {  // next epoch, next order
      state.position = 0;
      order = epoch_order(examples, args.seed, ++state.epoch);
    }
    state.dropout_offset = dropout.next_offset;
    sentences_seen += size * per_example;
    logged_loss += loss_value;
    ++logged_steps;

    StepReport report;
    report.step = state.global_step, report.total_steps = setup.total_steps;
    report.epoch = static_cast<double>(state.epoch) + static_cast<double>(state.position) / static_cast<double>(examples);
    report.loss = loss_value, report.learning_rate = learning_rate, report.grad_norm = grad_norm;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.sentences_per_second = sentences_seen / std::max(seconds, 1e-9);
    report.seconds_left = seconds / static_cast<double>(state.global_step - first_step) *
                          static_cast<double>(setup.total_steps - state.global_step);
    if (hooks.on_step && writer) hooks.on_step(report);

    if (writer && args.logging_steps > 0 &&
        (state.global_step % args.logging_steps == 0 || state.global_step == setup.total_steps)) {
      log->write({{"step", state.global_step}, {"epoch", report.epoch}, {"loss", logged_loss / logged_steps},
                 {"learning_rate", learning_rate}, {"grad_norm", grad_norm},
                 {"sentences_per_second", report.sentences_per_second}});
      logged_loss = 0, logged_steps = 0;
    }
    evaluated_last_step = evaluating && state.global_step % args.eval_steps == 0;
    if (evaluated_last_step) evaluate_and_select();
    if (args.save_steps > 0 && state.global_step % args.save_steps == 0) {
      const std::string directory =
          (fs::path(args.output_dir) / ("checkpoint-" + std::to_string(state.global_step))).string();
      const NamedTensors moments = optimizer.state();  // sharded (ZeRO-1): every rank sends its slice
      if (writer)
        save_training_checkpoint(directory, objective, moments, state, setup.tokenizer_files, setup.lowercase);
      message("step " + std::to_string(state.global_step) + ": checkpoint saved to " + directory);
    }
  }

  if (evaluating && !evaluated_last_step) evaluate_and_select();
  // With --load_best_model_at_end the best model is already in output_dir; otherwise the final
  // weights are the model.
  if (evaluating && args.load_best_model_at_end) {
    summary.final_metrics = best_metrics;
  } else if (writer) {
    save_model_directory(args.output_dir, objective, setup.tokenizer_files, setup.lowercase, state.global_step);
    summary.final_metrics = latest_metrics;
  }
  summary.steps = state.global_step;
  summary.best_step = state.best_step;
  summary.best_metric = state.best_metric;
  return summary;
}

TrainingSummary train(const TrainingArguments& args, const TrainerHooks& hooks,
                      const std::vector<std::string>& command_line) {
  check_training_arguments(args);  // before --device is read
  return train(args, hooks, command_line, world_for(parse_device(args.device)));
}

}  // namespace simcse
