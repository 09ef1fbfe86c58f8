// test_training_parity.cc — SimCSE's whole training objective against PyTorch
// (tools/make_training_fixtures.py follows princeton-nlp/SimCSE's cl_forward): the loss and the
// gradient of every parameter, for unsupervised, supervised-with-hard-negatives and MLM batches
// (the MLM head as BertForCL builds it: a decoder of its own, not tied to the word embeddings), and
// the same three for RoBERTa (RobertaForCL: RobertaModel, RobertaLMHead; tools/make_training_fixtures.py
// --roberta, tests/fixtures/roberta/training/).
// Normalised error per tensor: max |ours - reference| / max |reference| <= 1e-5 in float32. The
// reference is PyTorch in float64 on a model whose sentence vectors are well separated (the
// generator explains why and checks that float32 PyTorch itself is within 1e-5 of it). A tensor
// whose true gradient is zero, BERT's key bias (softmax ignores a constant added to every score of a
// row), is measured against the largest gradient of the whole model instead.
#include <gtest/gtest.h>

#include <cmath>

#include "io/binary_file.h"
#include "nn/bert_checkpoint.h"
#include "io/safetensors.h"
#include "ops/ops.h"
#include "simcse/simcse_model.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

// name -> tensor, for every tensor of a safetensors file.
std::map<std::string, Tensor> read_all(const std::string& path) {
  TensorFileIndex index = read_safetensors_index(path);
  BinaryFile file(path);
  std::map<std::string, Tensor> tensors;
  for (const StoredTensor& stored : index.tensors) tensors[stored.name] = read_stored_tensor(file, stored);
  return tensors;
}

struct Setting {
  const char* folder;  // of the fixtures, under tests/fixtures/
  const char* name;
  Pooler pooler;
  double hard_negative_weight;
  bool do_mlm;
};

class TrainingParity : public ::testing::TestWithParam<Setting> {};

TEST_P(TrainingParity, LossAndEveryGradientMatchPyTorch) {
  const Setting setting = GetParam();
  const std::string root = testing::repo_root() + "/", fixtures = std::string("tests/fixtures/") + setting.folder + "/";
  const json batch_json = testing::load_json(fixtures + setting.name + ".json");
  std::map<std::string, Tensor> heads = read_all(root + fixtures + "heads.safetensors");
  std::map<std::string, Tensor> reference = read_all(root + fixtures + setting.name + "_grads.safetensors");

  SimcseSettings settings;
  settings.pooler_type = setting.pooler;
  settings.hard_negative_weight = setting.hard_negative_weight;
  settings.do_mlm = setting.do_mlm;
  SimcseModel model(std::move(load_bert(root + fixtures + "model").model), settings,
                    [&](const std::string& name, const Shape&) { return heads.at(name); });

  TrainingBatch batch;
  batch.input = {batch_json["rows"], batch_json["seq_len"], batch_json["input_ids"], batch_json["token_type_ids"],
                 batch_json["attention_mask"]};
  batch.sentences_per_example = batch_json["sentences_per_example"];
  if (setting.do_mlm) {
    batch.mlm_input_ids = batch_json["mlm_input_ids"].get<std::vector<int32_t>>();
    batch.mlm_labels = batch_json["mlm_labels"].get<std::vector<int32_t>>();
  }
  RandomStream stream{1};  // the fixture model has dropout 0: no mask is drawn
  Tensor loss = model.cl_forward(batch, stream);
  const double expected_loss = batch_json["loss"];
  EXPECT_LE(std::abs(loss.item() - expected_loss) / std::abs(expected_loss), 1e-5)
      << "loss " << loss.item() << " vs " << expected_loss;
  loss.backward();

  auto largest_of = [](const std::vector<Scalar>& values) {
    double largest = 0;
    for (Scalar v : values) largest = std::max(largest, std::abs(static_cast<double>(v)));
    return largest;
  };
  double model_largest = 0;
  for (const auto& [name, grad] : reference) model_largest = std::max(model_largest, largest_of(grad.to_vector()));

  double worst = 0;
  for (const auto& [name, parameter] : model.named_parameters()) {
    ASSERT_TRUE(reference.count(name)) << "the reference has no gradient for " << name;
    std::vector<Scalar> expected = reference.at(name).to_vector();
    double largest = largest_of(expected);
    if (largest < 1e-6 * model_largest) largest = model_largest;  // a gradient that is zero up to rounding
    std::vector<double> expected_double(expected.begin(), expected.end());
    std::vector<Scalar> ours = parameter.has_grad() ? parameter.grad().to_vector()
                                                    : std::vector<Scalar>(expected.size(), 0);
    const double error = testing::max_abs_diff(ours, expected_double) / std::max(largest, 1e-30);
    EXPECT_LE(error, 1e-5) << name << " (largest reference gradient " << largest << ")";
    worst = std::max(worst, error);
    reference.erase(name);
  }
  for (const auto& [name, grad] : reference) {  // tensors we do not have must have no gradient
    for (Scalar v : grad.to_vector()) ASSERT_EQ(v, 0) << name << " has a reference gradient but no parameter here";
  }
  std::printf("  %-16s %-5s loss %.6f (reference %.6f), worst normalised gradient error %.2e\n", setting.folder,
              setting.name, loss.item(), expected_loss, worst);
}

INSTANTIATE_TEST_SUITE_P(Settings, TrainingParity,
                         ::testing::Values(Setting{"training", "unsup", Pooler::cls, 0.0, false},
                                           Setting{"training", "sup", Pooler::cls, 0.5, false},
                                           Setting{"training", "mlm", Pooler::avg, 0.0, true},
                                           Setting{"roberta/training", "unsup", Pooler::cls, 0.0, false},
                                           Setting{"roberta/training", "sup", Pooler::cls, 0.5, false},
                                           Setting{"roberta/training", "mlm", Pooler::avg, 0.0, true}),
                         [](const ::testing::TestParamInfo<Setting>& info) {
                           return std::string(info.param.folder[0] == 'r' ? "roberta_" : "") + info.param.name;
                         });

}  // namespace
}  // namespace simcse
