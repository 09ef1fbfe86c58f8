// encoder_parity.h — shared by tests/test_encoder_parity.cc (float build) and
// tests/double/test_encoder_double.cc (double build): run BertModel on a fixture batch from
// tests/fixtures/encoder/ (made by tools/make_encoder_fixtures.py; transformers' BertModel) or
// tests/fixtures/roberta/ (tools/make_roberta_fixtures.py; RobertaModel) and compare every hidden
// state, the pooler output and the five poolers with what transformers computed.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "core/autograd.h"
#include "nn/bert_checkpoint.h"
#include "io/safetensors.h"
#include "nn/poolers.h"
#include "support/test_support.h"

namespace simcse::testing {

// One checkpoint to check: the fixture folder (encoder: BERT, roberta: RoBERTa), the model directory
// in it, which weights file, and whose goldens (a SimCSE training checkpoint holds another
// fixture's weights under other names).
struct ParityCase {
  std::string folder, model, weights, goldens;
};

inline std::vector<ParityCase> parity_cases() {
  std::vector<ParityCase> cases;
  for (const char* config : {"odd_heads_gelu", "pairs_gelu_new", "one_layer_relu"})
    for (const char* weights : {"model.safetensors", "pytorch_model.bin"})
      cases.push_back({"encoder", config, weights, config});
  cases.push_back({"encoder", "simcse_train_relu", "pytorch_model.bin", "one_layer_relu"});
  for (const char* config : {"left_pad_gelu", "pairs_gelu_new"})
    for (const char* weights : {"model.safetensors", "pytorch_model.bin"})
      cases.push_back({"roberta", config, weights, config});
  cases.push_back({"roberta", "simcse_train_roberta", "pytorch_model.bin", "left_pad_gelu"});
  return cases;
}

// A test's name for a case: "roberta_" in front of RoBERTa's, the weights format after.
inline std::string parity_case_name(const ParityCase& c) {
  return (c.folder == "roberta" ? "roberta_" : "") + c.model +
         (c.weights == "model.safetensors" ? "_safetensors" : "_pytorch_bin");
}

inline std::string fixture_dir(const std::string& name, const std::string& folder = "encoder") {
  return repo_root() + "/tests/fixtures/" + folder + "/" + name;
}

// The padded batch transformers' tokenizer made (inputs.json).
inline BertInput fixture_input(const std::string& name, const std::string& folder = "encoder") {
  const nlohmann::json inputs = load_json("tests/fixtures/" + folder + "/" + name + "/inputs.json");
  BertInput input;
  input.batch = inputs["batch"];
  input.seq_len = inputs["seq_len"];
  input.input_ids = inputs["input_ids"].get<std::vector<int32_t>>();
  input.token_type_ids = inputs["token_type_ids"].get<std::vector<int32_t>>();
  input.attention_mask = inputs["attention_mask"].get<std::vector<int32_t>>();
  return input;
}

// Every golden tensor of a fixture, by name ("hidden_states.0", "pooler_output", "pooled.avg", ...).
inline std::vector<std::pair<std::string, Tensor>> fixture_goldens(const std::string& name, const char* precision,
                                                                   const std::string& folder = "encoder") {
  const TensorFileIndex index =
      read_safetensors_index(fixture_dir(name, folder) + "/goldens_" + precision + ".safetensors");
  BinaryFile file(index.path);
  std::vector<std::pair<std::string, Tensor>> goldens;
  for (const StoredTensor& stored : index.tensors) goldens.emplace_back(stored.name, read_stored_tensor(file, stored));
  return goldens;
}

// Our tensor for a golden's name.
inline Tensor our_tensor(const std::string& name, const BertOutput& output) {
  const std::string pooled = "pooled.", hidden = "hidden_states.";
  if (name == "pooler_output") return output.pooler_output;
  if (name.rfind(pooled, 0) == 0) return pool(pooler_from_name(name.substr(pooled.size())), output);
  if (name.rfind(hidden, 0) == 0) return output.hidden_states.at(std::stoul(name.substr(hidden.size())));
  fail("unknown golden tensor ", name);
}

// Two models hold the same parameters, name by name, bit for bit.
inline void expect_same_parameters(const BertModel& ours, const BertModel& theirs) {
  const auto& a = ours.parameters().all();
  const auto& b = theirs.parameters().all();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].first, b[i].first);
    EXPECT_EQ(a[i].second.to_vector(), b[i].second.to_vector()) << a[i].first;
  }
}

// Loads the case, runs it, compares every golden (shape and values) against `tolerance` and
// prints the largest error found; returns it.
inline double check_parity(const ParityCase& c, const char* precision, double tolerance) {
  const std::string directory = fixture_dir(c.model, c.folder);
  const LoadedBert loaded = load_bert(directory, Device::cpu, directory + "/" + c.weights);
  NoGradGuard no_grad;
  const BertInput input = fixture_input(c.goldens, c.folder);
  const BertOutput output = loaded.model.forward(input, ForwardMode{}, /*output_hidden_states=*/true);
  double worst = 0;
  const auto goldens = fixture_goldens(c.goldens, precision, c.folder);
  EXPECT_EQ(goldens.size(), loaded.model.config().num_hidden_layers + 1 + 1 + 5u);
  for (const auto& [name, golden] : goldens) {
    const Tensor ours = our_tensor(name, output);
    EXPECT_EQ(ours.shape(), golden.shape()) << name;
    const std::vector<Scalar> expected = golden.to_vector();
    const double error = max_abs_diff(ours.to_vector(), std::vector<double>(expected.begin(), expected.end()));
    EXPECT_LE(error, tolerance) << c.model << "/" << c.weights << ": " << name;
    worst = std::max(worst, error);
  }
  std::printf("parity %-40s %s build vs %s transformers: max |error| %.2e over %zu tensors\n",
              parity_case_name(c).c_str(), scalar_name(), precision, worst, goldens.size());
  return worst;
}

}  // namespace simcse::testing
