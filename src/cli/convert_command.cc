// convert_command.cc — `simcse convert --model_name_or_path SRC --output DIR`: any checkpoint
// load_bert reads, rewritten as a clean Hugging Face directory (SimCSE's simcse_to_huggingface.py).
// Paper: none (infrastructure: checkpoints; §3 for the MLP -> pooler mapping)
#include <filesystem>
#include <iostream>
#include <memory>

// The source may be model.safetensors or pytorch_model.bin, with or without the "bert." prefix
// ("roberta." for RoBERTa), or a SimCSE training checkpoint whose MLP becomes the pooler. The output
// (config.json, model.safetensors, the tokenizer files) is what transformers' AutoModel and AutoTokenizer
// load unchanged; tools/check_hf_roundtrip.py checks it.

#include "cli/commands.h"
#include "nn/bert_checkpoint.h"

namespace simcse::cli {
namespace {

struct ConvertOptions {
  std::string model_dir, output_dir;
};

void run_convert(const ConvertOptions& options) {
  const LoadedBert loaded = load_bert(options.model_dir);
  save_bert(options.output_dir, loaded.model, options.model_dir, checkpoint_lowercase(options.model_dir));
  std::cerr << "simcse convert: " << loaded.model.parameters().all().size() << " tensors from "
            << loaded.weights_file << " -> " << options.output_dir << "/model.safetensors";
  if (!loaded.unexpected.empty()) {
    std::cerr << "; not carried over (unused by the encoder):";
    for (const std::string& name : loaded.unexpected) std::cerr << " " << name;
  }
  std::cerr << "\n";
}

}  // namespace

void add_convert_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "convert", "Rewrite a BERT/SimCSE checkpoint as a Hugging Face directory (model.safetensors)");
  auto options = std::make_shared<ConvertOptions>();
  command->add_option("--model_name_or_path", options->model_dir,
                      "checkpoint directory: config.json, model.safetensors or pytorch_model.bin, vocab.txt")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--output", options->output_dir, "directory to write (created if needed)")->required();
  command->callback([options] { run_convert(*options); });
}

}  // namespace simcse::cli
