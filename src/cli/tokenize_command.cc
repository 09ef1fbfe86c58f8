// tokenize_command.cc — `simcse tokenize`: one text per line in (a file or standard input), one
// JSON object per line out, with the tokens, input ids, attention mask and token types that the
// encoder receives. Lines are encoded one at a time, so nothing is padded.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "tokenizer/bert_tokenizer.h"

namespace simcse::cli {
namespace {

struct TokenizeOptions {
  std::string vocab_path;
  std::string input_path;  // empty: standard input
  int max_length = kNoTruncation;
  bool cased = false;
};

void write_json_line(const BertTokenizer& tokenizer, const EncodedBatch& encoded, std::ostream& out) {
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
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file(options.vocab_path, !options.cased);
  std::ifstream file;
  if (!options.input_path.empty()) {
    file.open(options.input_path, std::ios::binary);
    SIMCSE_CHECK(file, "cannot open input file ", options.input_path);
  }
  std::istream& input = options.input_path.empty() ? std::cin : file;
  std::string line;
  while (std::getline(input, line)) {
    write_json_line(tokenizer, tokenizer.encode_batch({line}, options.max_length), std::cout);
  }
  std::cout.flush();
  SIMCSE_CHECK(std::cout, "tokenize: cannot write to standard output");
  const std::string warning =
      tokenizer.take_invalid_utf8_warning(options.input_path.empty() ? "standard input" : options.input_path);
  if (!warning.empty()) std::cerr << "simcse tokenize: " << warning << "\n";
}

}  // namespace

void add_tokenize_command(CLI::App& app) {
  auto* command = app.add_subcommand("tokenize", "Tokenize one text per line into BERT inputs, printed as JSON lines");
  auto options = std::make_shared<TokenizeOptions>();
  command->add_option("--vocab", options->vocab_path, "vocab.txt: one token per line, id = line index")
      ->required();
  command->add_option("--input", options->input_path, "text file, one text per line (default: standard input)")
      ->check(CLI::ExistingFile);
  command->add_option("--max_length", options->max_length, "truncate to N tokens, [CLS] and [SEP] included")
      ->check(CLI::Range(2, kNoTruncation));
  command->add_flag("--cased", options->cased, "keep case and accents (for cased BERT vocabularies)");
  command->callback([options] { run_tokenize(*options); });
}

}  // namespace simcse::cli
