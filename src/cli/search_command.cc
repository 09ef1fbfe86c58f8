// search_command.cc — `simcse search`: queries against a saved index, the results as JSON lines
// (SimCSE's tool `search(queries, threshold, top_k)`). The model is the one the index records
// unless --model names another, which must then be the same model (its fingerprint is checked).
// Paper: §7 (retrieval with sentence embeddings)
#include <iostream>
#include <memory>

#include "backend/backend.h"
#include "cli/commands.h"
#include "cli/sentence_files.h"
#include "core/autograd.h"
#include "search/result_json.h"
#include "search/sentence_index.h"

//   simcse search --index DIR (--query TEXT ... | --input FILE|-) [--top_k 5] [--threshold 0.6]
//                 [--model DIR] [--device cpu|cuda] [--threads N]
// One line per query, in order: {"query": ..., "results": [{"sentence", "score", "id"}, ...]}.

namespace simcse::cli {
namespace {

struct SearchOptions {
  std::string index_dir, model_dir, input, device = "cpu";
  std::vector<std::string> queries;
  int64_t top_k = 5;
  double threshold = 0.6;
  int threads = 0;
};

}  // namespace

// Opens the index and its model (the recorded one, or --model checked against it).
IndexAndModel open_index_and_model(const std::string& index_dir, const std::string& model_dir,
                                   const std::string& device, int threads) {
  set_num_threads(threads);
  set_check_finite(false);  // inference on fixed weights: encode checks each batch's vectors instead
  SentenceIndex index = SentenceIndex::load(index_dir);
  const std::string path = model_dir.empty() ? index.model().path : model_dir;
  auto model = std::make_unique<EmbeddingModel>(path, EmbeddingModelOptions{parse_device(device), index.model().pooler, ""});
  index.check_model(*model, path);
  return IndexAndModel{std::move(index), std::move(model)};
}

namespace {

void run_search(const SearchOptions& options) {
  SIMCSE_CHECK(options.queries.empty() != options.input.empty(), "give either --query or --input (not both)");
  const std::vector<std::string> queries = options.input.empty() ? options.queries : read_sentence_file(options.input);
  check_sentences(queries, options.input.empty() ? "--query" : options.input);
  const IndexAndModel opened = open_index_and_model(options.index_dir, options.model_dir, options.device, options.threads);
  const auto hits = opened.index.search(*opened.model, queries, SearchLimits{options.threshold, options.top_k});
  for (size_t q = 0; q < queries.size(); ++q) std::cout << results_json(opened.index, queries[q], hits[q]).dump() << '\n';
  std::cout.flush();
  SIMCSE_CHECK(std::cout.good(), "writing to standard output failed");
}

}  // namespace

void add_search_command(CLI::App& app) {
  auto* command = app.add_subcommand("search", "Search a saved index (simcse index build) with sentences; JSON lines out");
  auto options = std::make_shared<SearchOptions>();
  command->add_option("--index", options->index_dir, "the index directory")->required()->check(CLI::ExistingDirectory);
  command->add_option("--query", options->queries, "a query sentence (repeat for several)");
  command->add_option("--input", options->input, "queries, one per line (- for standard input)")->check(kFileOrStdin);
  command->add_option("--top_k", options->top_k, "results per query at most (default 5)")->check(kPositive);
  command->add_option("--threshold", options->threshold, "smallest cosine returned (default 0.6)");
  command->add_option("--model", options->model_dir,
                      "the model to embed the queries with (default: the index's; another must be the same model)")
      ->check(CLI::ExistingDirectory);
  add_device_option(command, options->device);
  add_threads_option(command, options->threads);
  command->callback([options] { run_search(*options); });
}

}  // namespace simcse::cli
