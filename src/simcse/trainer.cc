// trainer.cc — setting up a run (model, tokenizer, data, optimiser; or everything from a
// checkpoint), then the step loop, evaluation, logging and saving.
// Paper: §3, §4; Appendix A (training details)
#include "simcse/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backend/backend.h"
#include "io/checkpoint.h"
#include "ops/ops.h"
#include "simcse/mlm_masking.h"
#include "simcse/random_streams.h"
#include "simcse/run_record.h"
#include "simcse/saved_model.h"
#include "simcse/training_data.h"
#include "tokenizer/bert_tokenizer.h"

namespace simcse {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- setting up ---------------------------------------------------------------------------------

// The same weights, without BERT's own pooler: SimCSE trains BertModel(add_pooling_layer=False)
// and puts its MLP there instead.
BertModel without_pooler(const BertModel& model) {
  return BertModel(
      model.config(), [&](const std::string& name, const Shape&) { return model.parameters().get(name); }, false);
}

std::string vocab_file_of(const TrainingArguments& args, const std::string& model_dir) {
  std::string source = !args.tokenizer_name.empty() ? args.tokenizer_name : model_dir;
  SIMCSE_CHECK(!source.empty(), "--config_name needs --tokenizer_name (a vocab.txt or a directory holding one)");
  if (fs::is_directory(source)) source = (fs::path(source) / "vocab.txt").string();
  SIMCSE_CHECK(fs::is_regular_file(source), "no WordPiece vocabulary at ", source);
  return source;
}

struct Run {
  std::unique_ptr<SimcseModel> model;
  std::unique_ptr<BertTokenizer> tokenizer;
  std::string vocab_file;
  bool lowercase = true;
  TrainingData data;
  std::unique_ptr<AdamW> optimizer;
  TrainerState state;
  int64_t total_steps = 0;
};

SimcseSettings simcse_settings(const TrainingArguments& args) {
  SimcseSettings settings;
  settings.pooler_type = pooler_from_name(args.pooler_type);
  settings.mlp_only_train = args.mlp_only_train;
  settings.temperature = args.temp;
  settings.hard_negative_weight = args.hard_negative_weight;
  settings.do_mlm = args.do_mlm;
  settings.mlm_weight = args.mlm_weight;
  return settings;
}

Run set_up(const TrainingArguments& args) {
  Run run;
  const bool resuming = !args.resume_from_checkpoint.empty();
  const std::string model_dir = resuming ? args.resume_from_checkpoint : args.model_name_or_path;
  SIMCSE_CHECK(!model_dir.empty() || !args.config_name.empty(),
               "give --model_name_or_path (a Hugging Face BERT directory) or --config_name (a config.json)");
  const Device device = parse_device(args.device);
  std::optional<TrainingCheckpoint> checkpoint;
  if (resuming) checkpoint = read_training_checkpoint(args.resume_from_checkpoint);

  // The encoder: a checkpoint's weights, or a fresh random one from the config; on `device`.
  std::optional<BertModel> encoder;
  if (!model_dir.empty()) {
    encoder.emplace(without_pooler(load_bert(model_dir, device).model));
    run.lowercase = checkpoint_lowercase(model_dir);
  } else {
    const BertConfig config = BertConfig::from_file(args.config_name);
    encoder.emplace(config, on_device(random_bert_parameters(config, encoder_init_key(args.seed)), device), false);
  }
  const BertConfig config = encoder->config();
  SIMCSE_CHECK(args.max_seq_length >= 2 && args.max_seq_length <= config.max_position_embeddings,
               "--max_seq_length ", args.max_seq_length, " must be in [2, ", config.max_position_embeddings, "]");
  ParameterSource heads = random_bert_parameters(config, heads_init_key(args.seed));
  if (checkpoint) {
    heads = [&checkpoint](const std::string& name, const Shape&) {
      auto found = checkpoint->tensors.find(name);
      SIMCSE_CHECK(found != checkpoint->tensors.end(), "the checkpoint has no '", name,
                   "' (was it trained with other --pooler_type / --do_mlm settings?)");
      return found->second;
    };
  }
  run.model = std::make_unique<SimcseModel>(std::move(*encoder), simcse_settings(args), on_device(heads, device));

  run.vocab_file = vocab_file_of(args, model_dir);
  run.tokenizer = std::make_unique<BertTokenizer>(BertTokenizer::from_vocab_file(run.vocab_file, run.lowercase));
  SIMCSE_CHECK(run.tokenizer->vocab().size() <= config.vocab_size, "the vocabulary ", run.vocab_file, " has ",
               run.tokenizer->vocab().size(), " tokens but the model only ", config.vocab_size, " embeddings");

  run.data = load_training_data(args.train_file, args.skip_bad_rows);
  const int64_t examples = static_cast<int64_t>(run.data.examples.size());
  SIMCSE_CHECK(args.per_device_train_batch_size > 0, "--per_device_train_batch_size must be positive");
  const int64_t steps_per_epoch = (examples + args.per_device_train_batch_size - 1) / args.per_device_train_batch_size;
  run.total_steps = args.max_steps > 0 ? args.max_steps
                                       : static_cast<int64_t>(std::ceil(args.num_train_epochs * steps_per_epoch));
  SIMCSE_CHECK(run.total_steps > 0, "nothing to train: --num_train_epochs ", args.num_train_epochs, " and --max_steps ",
               args.max_steps);

  OptimizerSettings optimizer;
  optimizer.adamw.learning_rate = args.learning_rate;
  optimizer.adamw.weight_decay = args.weight_decay;
  optimizer.warmup_steps = args.warmup_steps;
  optimizer.total_steps = run.total_steps;
  optimizer.max_grad_norm = args.max_grad_norm;
  run.optimizer = std::make_unique<AdamW>(run.model->named_parameters(), optimizer);
  if (checkpoint) {
    NamedTensors moments;
    for (const auto& [name, tensor] : checkpoint->tensors)
      if (name.rfind("exp_avg", 0) == 0) moments.emplace_back(name, tensor);
    run.optimizer->load_state(moments, checkpoint->state.global_step);
    run.state = checkpoint->state;
  }
  return run;
}

void prepare_output_dir(const TrainingArguments& args) {
  SIMCSE_CHECK(!args.output_dir.empty(), "--output_dir is required");
  const bool has_contents = fs::is_directory(args.output_dir) && !fs::is_empty(args.output_dir);
  SIMCSE_CHECK(!has_contents || args.overwrite_output_dir || !args.resume_from_checkpoint.empty(),
               "output directory ", args.output_dir,
               " already exists and is not empty; use --overwrite_output_dir to train into it anyway");
  fs::create_directories(args.output_dir);
}

// ---- one step -------------------------------------------------------------------------------------

// The batch of examples order[position, position + size): each example's 2 or 3 sentences,
// example-major, tokenised together (padded to the longest), with the MLM corruption if asked.
TrainingBatch make_batch(const Run& run, const TrainingArguments& args, const std::vector<int64_t>& order,
                         int64_t position, int64_t size) {
  const int per_example = run.data.columns == 3 ? 3 : 2;
  std::vector<std::string> sentences;
  for (int64_t k = position; k < position + size; ++k) {
    const TrainingExample& example = run.data.examples[order[k]];
    sentences.push_back(example.sentence);
    sentences.push_back(example.positive);
    if (per_example == 3) sentences.push_back(example.hard_negative);
  }
  EncodedBatch encoded = run.tokenizer->encode_batch(sentences, args.max_seq_length);
  TrainingBatch batch;
  batch.input = {encoded.batch, encoded.seq_len, std::move(encoded.input_ids), std::move(encoded.token_type_ids),
                 std::move(encoded.attention_mask)};
  batch.sentences_per_example = per_example;
  if (args.do_mlm) {
    const Vocabulary& vocab = run.tokenizer->vocab();
    MlmSettings mlm;
    mlm.probability = args.mlm_probability;
    mlm.mask_id = vocab.mask_id();
    mlm.vocab_size = vocab.size();
    mlm.special_ids = {vocab.pad_id(), vocab.unk_id(), vocab.cls_id(), vocab.sep_id(), vocab.mask_id()};
    MaskedTokens masked = mask_tokens(batch.input.input_ids, mlm, args.seed, static_cast<uint64_t>(run.state.global_step));
    batch.mlm_input_ids = std::move(masked.input_ids);
    batch.mlm_labels = std::move(masked.labels);
  }
  return batch;
}

// Called when the gradient norm of a step is not finite (the norm sums every gradient's squares, so
// one NaN or Inf anywhere shows there, and a finite norm means no gradient needs scanning): stops
// training naming the step and the first parameter whose gradient holds NaN/Inf values.
[[noreturn]] void stop_on_nonfinite_gradients(const SimcseModel& model, int64_t step, double grad_norm) {
  for (const auto& [name, parameter] : model.named_parameters()) {
    if (!parameter.has_grad()) continue;
    const int64_t bad = backend_for(parameter.device()).count_nonfinite(parameter.grad_data(), parameter.numel());
    SIMCSE_CHECK(bad == 0, "step ", step, ": the gradient of ", name, " has ", bad,
                 " NaN/Inf value(s); training stopped (the last checkpoint saved is intact)");
  }
  fail("step ", step, ": the gradient norm is ", grad_norm, " (NaN/Inf: the gradients are finite but their squares ",
       "overflow); training stopped (the last checkpoint saved is intact)");
}

// ---- logging -------------------------------------------------------------------------------------

class TrainingLog {
 public:
  // Resuming at `resumed_step` keeps the records up to it and drops the rest (they belong to the
  // interrupted continuation that is about to be replayed).
  TrainingLog(const std::string& path, int64_t resumed_step) : path_(path) {
    std::vector<std::string> kept;
    if (resumed_step > 0 && fs::exists(path)) {
      std::ifstream old(path);
      for (std::string line; std::getline(old, line);)
        if (!line.empty() && json::parse(line).value("step", int64_t{0}) <= resumed_step) kept.push_back(line);
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
  std::string path_;
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
                      const std::vector<std::string>& command_line) {
  set_num_threads(args.threads);
  prepare_output_dir(args);
  Run run = set_up(args);
  SimcseModel& model = *run.model;
  auto message = [&](const std::string& text) {
    if (hooks.on_message) hooks.on_message(text);
  };
  if (run.data.skipped_rows > 0)
    message("skipped " + std::to_string(run.data.skipped_rows) + " bad row(s); the first: " +
            run.data.first_skip_reason);
  write_run_record(args.output_dir, {command_line, args.seed, num_threads(), args.device,
                                     {{"train_file", args.train_file},
                                      {"vocab", run.vocab_file},
                                      {"config_name", args.config_name},
                                      {"model_weights", args.model_name_or_path.empty() ? "" : (fs::path(args.model_name_or_path) / "model.safetensors").string()}}});

  const bool evaluating = args.evaluation_strategy == "steps" && hooks.evaluate;
  SIMCSE_CHECK(args.evaluation_strategy == "steps" || args.evaluation_strategy == "no",
               "--evaluation_strategy must be 'no' or 'steps', got '", args.evaluation_strategy, "'");
  TrainingLog log((fs::path(args.output_dir) / "training_log.jsonl").string(), run.state.global_step);
  TrainingSummary summary;
  TrainerState& state = run.state;

  // SentEval's batcher does not truncate: sentences keep up to max_position_embeddings tokens.
  const int evaluation_length = static_cast<int>(model.encoder().config().max_position_embeddings);
  const EmbeddingFunction embed = [&](const std::vector<std::string>& sentences) {
    EncodedBatch encoded = run.tokenizer->encode_batch(sentences, evaluation_length);
    return model.embed({encoded.batch, encoded.seq_len, std::move(encoded.input_ids),
                        std::move(encoded.token_type_ids), std::move(encoded.attention_mask)});
  };
  auto evaluate = [&] {
    Metrics metrics = hooks.evaluate(embed);
    log.write(metrics_json(state.global_step, metrics));
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
      save_model_directory(args.output_dir, model, run.vocab_file, run.lowercase, state.global_step);
      message("step " + std::to_string(state.global_step) + ": new best " + args.metric_for_best_model + " " +
              std::to_string(value) + ", model saved to " + args.output_dir);
    }
  };
  if (evaluating && state.global_step == 0) summary.initial_metrics = evaluate();

  const int64_t examples = static_cast<int64_t>(run.data.examples.size());
  const int per_example = run.data.columns == 3 ? 3 : 2;
  RandomStream stream{args.seed, state.dropout_offset};
  std::vector<int64_t> order = epoch_order(examples, args.seed, state.epoch);
  const auto start = std::chrono::steady_clock::now();
  const int64_t first_step = state.global_step;
  int64_t sentences_seen = 0;
  double logged_loss = 0;
  int64_t logged_steps = 0;
  bool evaluated_last_step = false;

  while (state.global_step < run.total_steps) {
    const int64_t size = std::min(args.per_device_train_batch_size, examples - state.position);
    TrainingBatch batch = make_batch(run, args, order, state.position, size);
    const double learning_rate = run.optimizer->current_learning_rate();
    Tensor loss;
    try {
      loss = model.loss(batch, stream);
      loss.backward();
    } catch (const Error& error) {  // e.g. an op reporting NaN/Inf: say which step
      fail("step ", state.global_step + 1, ": ", error.what(), "; training stopped (the last checkpoint saved is intact)");
    }
    const double grad_norm = run.optimizer->clip_gradients();
    if (!std::isfinite(grad_norm)) stop_on_nonfinite_gradients(model, state.global_step + 1, grad_norm);
    run.optimizer->step();
    for (const auto& entry : model.named_parameters()) entry.second.zero_grad();

    ++state.global_step;
    state.position += size;
    if (state.position >= examples) {  // next epoch, next order
      state.position = 0;
      order = epoch_order(examples, args.seed, ++state.epoch);
    }
    state.dropout_offset = stream.next_offset;
    const double loss_value = loss.item();
    sentences_seen += size * per_example;
    logged_loss += loss_value;
    ++logged_steps;

    StepReport report;
    report.step = state.global_step, report.total_steps = run.total_steps;
    report.epoch = static_cast<double>(state.epoch) + static_cast<double>(state.position) / static_cast<double>(examples);
    report.loss = loss_value, report.learning_rate = learning_rate, report.grad_norm = grad_norm;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.sentences_per_second = sentences_seen / std::max(seconds, 1e-9);
    report.seconds_left = seconds / static_cast<double>(state.global_step - first_step) *
                          static_cast<double>(run.total_steps - state.global_step);
    if (hooks.on_step) hooks.on_step(report);

    if (args.logging_steps > 0 && (state.global_step % args.logging_steps == 0 || state.global_step == run.total_steps)) {
      log.write({{"step", state.global_step}, {"epoch", report.epoch}, {"loss", logged_loss / logged_steps},
                 {"learning_rate", learning_rate}, {"grad_norm", grad_norm},
                 {"sentences_per_second", report.sentences_per_second}});
      logged_loss = 0, logged_steps = 0;
    }
    evaluated_last_step = evaluating && args.eval_steps > 0 && state.global_step % args.eval_steps == 0;
    if (evaluated_last_step) evaluate_and_select();
    if (args.save_steps > 0 && state.global_step % args.save_steps == 0) {
      const std::string directory = (fs::path(args.output_dir) / ("checkpoint-" + std::to_string(state.global_step))).string();
      save_training_checkpoint(directory, model, *run.optimizer, state, run.vocab_file, run.lowercase);
      message("step " + std::to_string(state.global_step) + ": checkpoint saved to " + directory);
    }
  }

  if (evaluating && !evaluated_last_step) evaluate_and_select();
  // With --load_best_model_at_end the best model is already in output_dir; otherwise the final
  // weights are the model.
  if (evaluating && args.load_best_model_at_end) {
    summary.final_metrics = best_metrics;
  } else {
    save_model_directory(args.output_dir, model, run.vocab_file, run.lowercase, state.global_step);
    summary.final_metrics = latest_metrics;
  }
  summary.steps = state.global_step;
  summary.best_step = state.best_step;
  summary.best_metric = state.best_metric;
  return summary;
}

}  // namespace simcse
