// test_training_parity.cc — SimCSE's whole training objective against PyTorch
// (tools/make_training_fixtures.py follows princeton-nlp/SimCSE's cl_forward): the loss and the
// gradient of every parameter, for unsupervised, supervised-with-hard-negatives and MLM batches
// (the MLM head as BertForCL builds it: a decoder of its own, not tied to the word embeddings), and
// the same three for RoBERTa (RobertaForCL: RobertaModel, RobertaLMHead; tools/make_training_fixtures.py
// --roberta, tests/fixtures/roberta/training/).
// Normalised error per tensor (gradient_parity.h) <= 1e-5 in float32. The reference is PyTorch in
// float64 on a model whose sentence vectors are well separated (the generator explains why and
// checks that float32 PyTorch itself is within 1e-5 of it).
#include <gtest/gtest.h>

#include <cmath>

#include "gradient_parity.h"
#include "nn/bert_checkpoint.h"
#include "ops/ops.h"
#include "simcse/simcse_model.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

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
  std::map<std::string, Tensor> heads = testing::read_all_tensors(root + fixtures + "heads.safetensors");
  std::map<std::string, Tensor> reference = testing::read_all_tensors(root + fixtures + setting.name + "_grads.safetensors");

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

  const double worst = testing::expect_gradients_match(model.named_parameters(), reference, 1e-5);
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
