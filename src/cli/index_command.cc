// index_command.cc — `simcse index build`: a corpus file embedded by a model and saved as a search
// index directory (SimCSE's tool `build_index`, kept on disk for `simcse search` and `simcse serve`).
// Paper: §7 (retrieval with sentence embeddings)
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/sentence_files.h"
#include "search/sentence_index.h"

//   simcse index build --model DIR --input corpus.txt|- --output INDEX_DIR [--faiss flat|ivf] [model flags]
//
// Without --faiss the index is exact (this project's GEMM over every vector); --faiss flat is
// FAISS's IndexFlatIP (the same results), --faiss ivf its IndexIVFFlat with the tool's 100 cells,
// 10 searched (faster on large corpora, approximate).

namespace simcse::cli {
namespace {

struct IndexOptions {
  ModelFlags model;
  std::string input, output, faiss;
};

void run_index_build(const IndexOptions& options) {
  const std::vector<std::string> sentences = read_sentence_file(options.input);
  const EmbeddingModel model = open_model(options.model, "simcse index build");
  IndexBuild build;
  build.kind = options.faiss.empty() ? IndexKind::exact
               : options.faiss == "flat" ? IndexKind::faiss_flat
                                         : IndexKind::faiss_ivf;
  build.batch_size = options.model.batch_size;
  build.max_length = max_length_of(options.model, model);
  const SentenceIndex index(model, options.model.model_dir, options.model.pooler, sentences, build);
  index.save(options.output);
  std::cerr << "simcse index build: " << index.size() << " sentences (" << index.model().head << ", dimension "
            << index.model().dimension << ") -> " << options.output << " (" << index_kind_name(index.kind()) << ")\n";
}

}  // namespace

void add_index_command(CLI::App& app) {
  auto* index = app.add_subcommand("index", "Search indexes over a corpus (see `simcse index build --help`)");
  index->require_subcommand(1);
  auto* build = index->add_subcommand("build", "Embed a corpus (one sentence per line) and save it as a search index");
  auto options = std::make_shared<IndexOptions>();
  add_model_flags(build, options->model);
  build->add_option("--input", options->input, "the corpus: one sentence per line (- for standard input)")
      ->required()
      ->check(kFileOrStdin);
  build->add_option("--output", options->output, "the index directory to write (replaced atomically if it is one)")
      ->required();
  build->add_option("--faiss", options->faiss,
                    "FAISS instead of exact search: flat (IndexFlatIP) or ivf (IndexIVFFlat, 100 cells, 10 probed)")
      ->check(CLI::IsMember({"flat", "ivf"}));
  build->callback([options] { run_index_build(*options); });
}

}  // namespace simcse::cli
