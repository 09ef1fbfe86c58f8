// vocab_command.cc — `simcse vocab build`: learns a WordPiece vocabulary from a corpus (one text
// per line) and writes vocab.txt, atomically (a temporary file renamed into place).
// Paper: none (tokenization; the tiny_data vocabulary for small reproductions)
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "tokenizer/vocab_builder.h"
#include "tokenizer/vocabulary.h"

namespace simcse::cli {
namespace {

struct VocabBuildOptions {
  std::string input_path;
  std::string output_path;
  int32_t size = 0;
};

void run_vocab_build(const VocabBuildOptions& options) {
  std::ifstream corpus(options.input_path, std::ios::binary);
  SIMCSE_CHECK(corpus, "cannot open corpus ", options.input_path);
  const CorpusWords corpus_words = count_corpus_words(corpus, BasicTokenizer(/*lowercase=*/true));
  SIMCSE_CHECK(!corpus_words.counts.empty(), options.input_path, ": the corpus has no words");
  if (corpus_words.replaced_invalid_bytes > 0) {
    std::cerr << "simcse vocab build: warning: " << options.input_path << ": " << corpus_words.replaced_invalid_bytes
              << " byte(s) of invalid UTF-8 were replaced by U+FFFD (which text cleaning drops)\n";
  }
  const std::vector<std::string> vocab = learn_wordpiece_vocabulary(corpus_words.counts, options.size);
  write_vocab_file(vocab, options.output_path);
  std::cout << "vocab build: " << vocab.size() << " tokens from " << corpus_words.counts.size()
            << " distinct words on " << corpus_words.lines << " lines -> " << options.output_path;
  if (static_cast<int32_t>(vocab.size()) < options.size) std::cout << " (every word is a single token)";
  std::cout << "\n";
}

}  // namespace

void add_vocab_command(CLI::App& app) {
  auto* vocab = app.add_subcommand("vocab", "WordPiece vocabularies");
  vocab->require_subcommand(1);
  auto* build = vocab->add_subcommand("build", "Learn a WordPiece vocabulary (vocab.txt) from a corpus");
  auto options = std::make_shared<VocabBuildOptions>();
  build->add_option("--input", options->input_path, "corpus: one text per line")->required()->check(CLI::ExistingFile);
  build->add_option("--size", options->size, "number of tokens, the 5 special tokens included")
      ->required()
      ->check(CLI::Range(6, 1 << 24));
  build->add_option("--output", options->output_path, "vocab.txt to write")->required();
  build->callback([options] { run_vocab_build(*options); });
}

}  // namespace simcse::cli
