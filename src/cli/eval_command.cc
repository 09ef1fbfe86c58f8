// eval_command.cc — `simcse eval`: SimCSE's evaluation.py. Runs the chosen SentEval tasks on a
// checkpoint's sentence embeddings and prints evaluation.py's tables; --json keeps every number.
//
//   simcse eval --model_name_or_path DIR --pooler P --task_set {sts,transfer,full,na} [--tasks T ...]
//               --mode {test,dev,fasttest} [--senteval_dir DIR] [--json FILE] [--threads N]
//   simcse eval --sentences FILE --embeddings FILE.npy ...   score stored embeddings instead
//   simcse eval --task_set sts --dump_sentences FILE         write the sentences the tasks embed
//
// The last two make a round trip with any other encoder (e.g. `simcse encode`, or Python's
// SimCSE): dump the sentences, embed them elsewhere, score the .npy here (tools/sts_reference.py
// scores the same files with numpy + scipy).
// Paper: §6.1 Evaluation setup; §6.2 Main results (the tables); Appendix E (Transfer tasks)
#include <fstream>
#include <iostream>
#include <memory>

#include "backend/backend.h"
#include "cli/commands.h"
#include "simcse/saved_model.h"
#include "eval/bert_sentence_encoder.h"
#include "eval/pairs_file.h"
#include "eval/result_tables.h"
#include "io/atomic_file.h"

namespace simcse::cli {
namespace {

struct EvalOptions {
  std::string model_dir, pooler, mode = "test", task_set = "sts";
  std::vector<std::string> tasks = default_task_list();
  std::string senteval_dir = "../shared/data/senteval";
  std::string json_path, sentences_path, embeddings_path, dump_path, pairs_file;
  std::string device = "cpu";
  int threads = 0;
};

void run_eval(const EvalOptions& options) {
  set_num_threads(options.threads);
  const Device device = parse_device(options.device);
  const EvalMode mode = parse_eval_mode(options.mode);
  const std::vector<std::string> tasks = tasks_for_set(options.task_set, options.tasks);
  if (!options.dump_path.empty()) {
    const std::vector<std::string> sentences = sentences_of_tasks(tasks, mode, options.senteval_dir);
    write_file_atomically(options.dump_path, [&](std::ostream& out) {
      for (const std::string& sentence : sentences) out << sentence << '\n';
    });
    std::cerr << "simcse eval: " << sentences.size() << " distinct sentences -> " << options.dump_path << "\n";
    return;
  }
  const bool stored = !options.embeddings_path.empty() || !options.sentences_path.empty();
  SIMCSE_CHECK(stored != !options.model_dir.empty(),
               "give either --model_name_or_path or --sentences with --embeddings (not both, not neither)");
  SIMCSE_CHECK(!stored || (!options.embeddings_path.empty() && !options.sentences_path.empty()),
               "--sentences and --embeddings go together");
  // --pooler, else what the directory says (modules.json, the sidecar), else evaluation.py's default.
  const std::shared_ptr<const EmbeddingModel> model =
      stored ? nullptr : std::make_shared<const EmbeddingModel>(options.model_dir, EmbeddingModelOptions{device, options.pooler, "cls"});
  const std::string pooler = model ? model->head().describe() : "";
  const SentenceEncoder encoder = stored ? precomputed_encoder(options.sentences_path, options.embeddings_path)
                                         : embedding_model_encoder(model);

  if (!options.pairs_file.empty()) {  // a labelled pair file of one's own instead of SentEval's tasks
    const PairScores scores = evaluate_pairs(encoder, load_pairs_file(options.pairs_file));
    std::cout << options.pairs_file << ": " << scores.pairs << " pairs"
              << (scores.binary ? ", labels 0/1 (a pair is positive when its cosine >= the threshold)" : "") << "\n"
              << render_table(pair_scores_table(scores)) << std::flush;
    if (!options.json_path.empty()) {
      nlohmann::json document = pair_scores_json(scores);
      document["model_name_or_path"] = stored ? options.embeddings_path : options.model_dir;
      document["pooler"] = pooler;
      write_file_atomically(options.json_path, [&](std::ostream& out) { out << document.dump(2) << '\n'; });
    }
    return;
  }
  const EvaluationResults results = run_evaluation(
      encoder, tasks, mode, options.senteval_dir, [](const std::string& line) { std::cerr << "simcse eval: " << line << "\n"; });
  std::cout << format_report(results) << std::flush;
  if (!options.json_path.empty()) {
    nlohmann::json document = results_json(results);
    document["model_name_or_path"] = stored ? options.embeddings_path : options.model_dir;
    document["pooler"] = pooler;
    document["senteval_dir"] = options.senteval_dir;
    write_file_atomically(options.json_path, [&](std::ostream& out) { out << document.dump(2) << '\n'; });
  }
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto* command = app.add_subcommand("eval", "SentEval STS and transfer tasks, printed as SimCSE's evaluation.py");
  auto options = std::make_shared<EvalOptions>();
  command->add_option("--model_name_or_path", options->model_dir,
                      "Hugging Face model directory: config.json, model.safetensors or pytorch_model.bin, vocab.txt")
      ->check(CLI::ExistingDirectory);
  command->add_option("--pooler", options->pooler, "cls, cls_before_pooler, avg, avg_top2, avg_first_last, max, mean_sqrt_len, weighted_mean, last_token (default: what modules.json or simcse_config.json say, else cls as evaluation.py)");
  command->add_option("--mode", options->mode,
                      "test (10-fold, test splits), dev (5-fold, dev results) or fasttest (5-fold, test results)")
      ->check(CLI::IsMember({"test", "dev", "fasttest"}));
  command->add_option("--task_set", options->task_set, "sts, transfer, full, or na (use --tasks)")
      ->check(CLI::IsMember({"sts", "transfer", "full", "na"}));
  command->add_option("--tasks", options->tasks, "tasks for --task_set na (space or comma separated)")->delimiter(',');
  command->add_option("--senteval_dir", options->senteval_dir, "SentEval data folder, holding downstream/ (default ../shared/data/senteval)");
  command->add_option("--json", options->json_path, "also write every figure (Pearson, per-subset, mean/wmean) to FILE");
  command->add_option("--sentences", options->sentences_path, "with --embeddings: score stored embeddings, row i = line i")
      ->check(CLI::ExistingFile);
  command->add_option("--embeddings", options->embeddings_path, ".npy [sentences, hidden] matching --sentences")
      ->check(CLI::ExistingFile);
  command->add_option("--dump_sentences", options->dump_path, "write the distinct sentences of the tasks to FILE and stop");
  command->add_option("--pairs_file", options->pairs_file,
                      "score sentence1<TAB>sentence2<TAB>label pairs instead: Spearman; with 0/1 labels F1, precision, "
                      "recall, accuracy at their best thresholds")
      ->check(CLI::ExistingFile);
  add_device_option(command, options->device);
  add_threads_option(command, options->threads);
  command->callback([options] { run_eval(*options); });
}

}  // namespace simcse::cli
