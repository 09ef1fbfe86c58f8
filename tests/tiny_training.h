// tiny_training.h — the small training set-up the trainer tests share (CPU and cuda device): a
// 1-layer, 16-wide BERT over tiny_data's vocabulary and the first lines of tiny_data's corpus.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "simcse/training_arguments.h"
#include "support/test_support.h"

namespace simcse::testing {

// Writes DIR/config.json (tiny_data/bert_config.json shrunk to 1 layer, 16 wide, 2 heads) and
// DIR/corpus.txt (tiny_data/corpus.txt's first `sentences` lines); returns arguments that train
// on them with tiny_data's vocabulary. Everything else keeps its SimCSE default.
inline TrainingArguments tiny_training_arguments(const std::string& dir, int sentences) {
  const std::string root = repo_root();
  nlohmann::json config = nlohmann::json::parse(std::ifstream(root + "/tiny_data/bert_config.json"));
  config["hidden_size"] = 16, config["num_hidden_layers"] = 1, config["num_attention_heads"] = 2;
  config["intermediate_size"] = 24;
  std::ofstream(dir + "/config.json") << config.dump();
  std::ifstream corpus(root + "/tiny_data/corpus.txt");
  std::ofstream selected(dir + "/corpus.txt");
  std::string line;
  for (int i = 0; i < sentences && std::getline(corpus, line); ++i) selected << line << "\n";
  TrainingArguments args;
  args.config_name = dir + "/config.json";
  args.tokenizer_name = root + "/tiny_data/vocab.txt";
  args.train_file = dir + "/corpus.txt";
  return args;
}

// The per-step losses of OUTPUT_DIR/training_log.jsonl, as logged (doubles holding the float losses).
inline std::vector<std::pair<int64_t, double>> logged_losses(const std::string& output_dir) {
  std::vector<std::pair<int64_t, double>> steps;
  std::ifstream log(std::filesystem::path(output_dir) / "training_log.jsonl");
  for (std::string line; std::getline(log, line);) {
    nlohmann::json record = nlohmann::json::parse(line);
    if (record.contains("loss")) steps.emplace_back(record["step"], record["loss"]);
  }
  return steps;
}

}  // namespace simcse::testing
