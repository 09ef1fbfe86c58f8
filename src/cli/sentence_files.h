// sentence_files.h — what `simcse encode` and `simcse similarity` share: sentence files read one per
// line, "-" meaning standard input (and, for outputs, standard output), the model opened from its
// flags, and the one warning about sentences cut to max_length.
// Paper: none (infrastructure)
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "eval/embedding_model.h"

namespace simcse::cli {

// "-" or an existing file (CLI11's ExistingFile refuses "-").
extern const CLI::Validator kFileOrStdin;

// One sentence per line (LF, CRLF or CR, as Python's text mode); "-" reads standard input. An
// input without a single line is an error naming it: an empty file is almost always a mistake.
std::vector<std::string> read_sentence_file(const std::string& path);

// Writes through `write` to PATH atomically, or to standard output for "-".
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

// The flags that open and run a model, spelled the same in both commands.
struct ModelFlags {
  std::string model_dir, pooler, device = "cpu";
  int batch_size = 64;
  int max_length = 0;  // 0: the model's own (EmbeddingModel::default_max_length)
  int threads = 0;
};
void add_model_flags(CLI::App* command, ModelFlags& flags);

// Opens the model the flags name (reporting on stderr tensors the encoder leaves unused).
EmbeddingModel open_model(const ModelFlags& flags, const char* command);

// The length limit to encode with: --max_length, else the model's own; above the model's
// max_position_embeddings is an error.
int max_length_of(const ModelFlags& flags, const EmbeddingModel& model);

// "simcse encode: FILE: 3 sentence(s) longer than 256 tokens were truncated to 256" once, when any were.
void warn_truncated(const char* command, const std::string& input, int64_t truncated, int max_length);

}  // namespace simcse::cli
