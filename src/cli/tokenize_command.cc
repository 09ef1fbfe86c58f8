// tokenize_command.cc — `simcse tokenize`: one text per line in (a file or standard input), one
// JSON object per line out, with the tokens, input ids, attention mask and token types that the
// encoder receives. Lines are encoded one at a time, so nothing is padded. The tokenizer is BERT's
// WordPiece (--vocab vocab.txt), RoBERTa's byte-level BPE (--vocab vocab.json --merges merges.txt),
// or whichever a model directory holds (--tokenizer_name).
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "io/line_reader.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/load_tokenizer.h"
#include "tokenizer/roberta_tokenizer.h"

namespace simcse::cli {
namespace {

struct TokenizeOptions {
  std::string vocab_path, merges_path, tokenizer_name;  // --vocab [--merges], or --tokenizer_name
  std::string input_path;  // empty: standard input
  int max_length = kNoTruncation;
  bool cased = false, add_prefix_space = false;
};

std::unique_ptr<Tokenizer> make_tokenizer(const TokenizeOptions& options) {
  SIMCSE_CHECK(options.vocab_path.empty() != options.tokenizer_name.empty(),
               "tokenize: give either --vocab or --tokenizer_name");
  if (!options.merges_path.empty()) {
    return std::make_unique<RobertaTokenizer>(
        RobertaTokenizer::from_files(options.vocab_path, options.merges_path, options.add_prefix_space));
  }
  if (!options.vocab_path.empty()) {
    return std::make_unique<BertTokenizer>(BertTokenizer::from_vocab_file(options.vocab_path, !options.cased));
  }
  return load_tokenizer(options.tokenizer_name, !options.cased);
}

void write_json_line(const Tokenizer& tokenizer, const EncodedBatch& encoded, std::ostream& out) {
  nlohmann::ordered_json line;
  line["tokens"] = nlohmann::json::array();
  for (int32_t id : encoded.input_ids) line["tokens"].push_back(tokenizer.vocab().token(id));
  line["input_ids"] = encoded.input_ids;
  line["attention_mask"] = encoded.attention_mask;
  line["token_type_ids"] = encoded.token_type_ids;
  // A vocabulary line that is not valid UTF-8 is printed with U+FFFD rather than aborting.
  out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void run_tokenize(const TokenizeOptions& options) {
  const std::unique_ptr<Tokenizer> tokenizer = make_tokenizer(options);
  std::ifstream file;
  if (!options.input_path.empty()) {
    file.open(options.input_path, std::ios::binary);
    SIMCSE_CHECK(file, "cannot open input file ", options.input_path);
  }
  std::istream& input = options.input_path.empty() ? std::cin : file;
  const std::string input_name = options.input_path.empty() ? "standard input" : options.input_path;
  LineReader lines(input, input_name);  // lines end at LF, CRLF or CR
  for (std::string line; lines.next(line);) {
    try {
      write_json_line(*tokenizer, tokenizer->encode_batch({line}, options.max_length), std::cout);
    } catch (const Error& error) {
      fail(input_name, ":", lines.line_number(), ": ", error.what());  // RoBERTa's tokenizer refuses invalid UTF-8
    }
  }
  std::cout.flush();
  SIMCSE_CHECK(std::cout, "tokenize: cannot write to standard output");
  const std::string warning = tokenizer->take_invalid_utf8_warning(input_name);
  if (!warning.empty()) std::cerr << "simcse tokenize: " << warning << "\n";
}

}  // namespace

void add_tokenize_command(CLI::App& app) {
  auto* command = app.add_subcommand("tokenize", "Tokenize one text per line into encoder inputs (BERT or RoBERTa), printed as JSON lines");
  auto options = std::make_shared<TokenizeOptions>();
  auto* vocab = command->add_option("--vocab", options->vocab_path,
                                    "vocab.txt (WordPiece: one token per line, id = line index), or vocab.json with --merges");
  auto* merges = command->add_option("--merges", options->merges_path, "merges.txt: byte-level BPE (RoBERTa) with --vocab vocab.json")
                     ->needs(vocab);
  command->add_option("--tokenizer_name", options->tokenizer_name,
                      "a model directory (tokenizer.json, vocab.json + merges.txt, or vocab.txt), a tokenizer.json or a vocab.txt")
      ->excludes(vocab);
  command->add_option("--input", options->input_path, "text file, one text per line (default: standard input)")
      ->check(CLI::ExistingFile);
  command->add_option("--max_length", options->max_length, "truncate to N tokens, special tokens ([CLS] [SEP], <s> </s>) included")
      ->check(CLI::Range(2, kNoTruncation));
  command->add_flag("--cased", options->cased, "keep case and accents (for cased BERT vocabularies)")->excludes(merges);
  command->add_flag("--add_prefix_space", options->add_prefix_space,
                    "BPE: a space before each text, so its first word is spelled as any other (RoBERTa's add_prefix_space)")
      ->needs(merges);
  command->callback([options] { run_tokenize(*options); });
}

}  // namespace simcse::cli
