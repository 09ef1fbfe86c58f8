// test_eval_classifier.cc — SentEval's classifier, reproduced: NumPy's permutations, sklearn's
// stratified folds and PyTorch's initial weights exactly; Adam / RMSprop training with early
// stopping to float rounding; the three validation protocols' accuracies exactly. The references
// come from SentEval's own code run on the CPU (tools/make_classifier_fixtures.py ->
// tests/fixtures/eval/classifier.json).
#include <gtest/gtest.h>

#include <cmath>

#include "eval/classifier_validation.h"
#include "eval/reference_random.h"
#include "eval/stratified_kfold.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

const json& fixture() {
  static const json loaded = testing::load_json("tests/fixtures/eval/classifier.json");
  return loaded;
}

Tensor matrix(const json& values, int64_t columns) {
  const std::vector<double> flat = values;
  return Tensor::from_vector(Shape({static_cast<int64_t>(flat.size()) / columns, columns}),
                             std::vector<Scalar>(flat.begin(), flat.end()));
}

ClassifierConfig config_of(const json& c) {
  ClassifierConfig config;
  config.optimizer = parse_optimizer_kind(c["optim"]);
  config.batch_size = c["batch_size"];
  config.tenacity = c["tenacity"];
  config.epoch_size = c["epoch_size"];
  return config;
}

ClassifierConfig config_of_mode(const std::string& mode) {
  return mode == "test" ? ClassifierConfig{OptimizerKind::adam, 64, 5, 4} : ClassifierConfig{OptimizerKind::rmsprop, 128, 3, 2};
}

TEST(EvalClassifier, NumpyPermutationsAreNumpys) {
  for (const json& c : fixture()["permutations"])
    EXPECT_EQ(NumpyRandomState(kSentEvalSeed).permutation(c["n"]), c["permutation"].get<std::vector<int64_t>>());
  NumpyRandomState stream(kSentEvalSeed);  // np.random.seed(1111) then several permutations
  const json& seeded = fixture()["seeded_stream"];
  for (size_t i = 0; i < seeded["lengths"].size(); ++i)
    EXPECT_EQ(stream.permutation(seeded["lengths"][i]), seeded["permutations"][i].get<std::vector<int64_t>>());
}

TEST(EvalClassifier, StratifiedFoldsAreSklearns) {
  for (const json& c : fixture()["stratified_folds"]) {
    const std::vector<int32_t> labels = c["labels"];
    const std::vector<Fold> folds = stratified_kfold(labels, c["k"], kSentEvalSeed);
    std::vector<int> test_fold(labels.size(), -1);
    for (size_t f = 0; f < folds.size(); ++f) {
      for (int64_t i : folds[f].test) test_fold[i] = static_cast<int>(f);
      EXPECT_EQ(folds[f].train.size() + folds[f].test.size(), labels.size());
    }
    EXPECT_EQ(test_fold, c["test_fold"].get<std::vector<int>>()) << "k = " << c["k"];
  }
  EXPECT_THROW(stratified_kfold({0, 1, 0}, 5, kSentEvalSeed), Error);
  EXPECT_THROW(stratified_kfold({0, 0, 1, 1, 2, 2}, 3, kSentEvalSeed), Error);  // no class has 3 members
}

TEST(EvalClassifier, InitialWeightsAreTorchs) {
  for (const json& c : fixture()["linear_init"]) {
    const LogisticRegression model(c["in"], c["out"], 0.0, ClassifierConfig{});
    EXPECT_LT(testing::max_abs_diff(model.weight().to_vector(), c["weight"]), 1e-7);
    EXPECT_LT(testing::max_abs_diff(model.bias().to_vector(), c["bias"]), 1e-7);
  }
}

// One SentEval fit: same batches, same optimiser, same early stopping. The accuracies (what
// SentEval reports) must agree exactly; the weights to float rounding accumulated over the steps.
TEST(EvalClassifier, FitsMatchSentEval) {
  for (const json& c : fixture()["fits"]) {
    const int64_t dim = 6;
    const Tensor x = matrix(c["x"], dim), dev_x = matrix(c["dev_x"], dim);
    const std::vector<int32_t> y = c["y"], dev_y = c["dev_y"];
    LogisticRegression model(dim, c["classes"], c["l2"], config_of(c["config"]));
    const double best = c["validation"] == "data" ? model.fit(x, y, dev_x, dev_y) : model.fit(x, y, 0.05);
    const std::string name = c["name"];
    EXPECT_EQ(best, c["best_accuracy"].get<double>()) << name;
    EXPECT_EQ(model.epochs(), c["epochs"].get<int>()) << name;
    EXPECT_EQ(model.accuracy(dev_x, dev_y), c["dev_accuracy_after"].get<double>()) << name;
    const double weight_error = testing::max_abs_diff(model.weight().to_vector(), c["weight"]);
    EXPECT_LT(weight_error, 1e-4) << name;
    EXPECT_LT(testing::max_abs_diff(model.bias().to_vector(), c["bias"]), 1e-4) << name;
    std::printf("%s: %d passes, best accuracy %.4f, weights within %.2g of SentEval's\n", name.c_str(), model.epochs(),
                best, weight_error);
  }
}

TEST(EvalClassifier, ProtocolsMatchSentEval) {
  for (const json& c : fixture()["protocols"]) {
    const std::string protocol = c["protocol"], mode = c["mode"];
    const ClassifierConfig config = config_of_mode(mode);
    ValidatedAccuracy result;
    if (protocol == "inner_kfold") {
      result = inner_kfold_accuracy({matrix(c["x"], 5), c["y"]}, c["classes"], c["kfold"], config);
    } else if (protocol == "kfold") {
      result = kfold_accuracy({matrix(c["x"], 5), c["y"]}, {matrix(c["test_x"], 5), c["test_y"]}, c["classes"],
                              c["kfold"], config);
    } else {
      result = split_accuracy({matrix(c["train_x"], 5), c["train_y"]}, {matrix(c["valid_x"], 5), c["valid_y"]},
                              {matrix(c["test_x"], 5), c["test_y"]}, c["classes"], config);
    }
    EXPECT_EQ(result.dev_accuracy, c["devacc"].get<double>()) << protocol << " " << mode;
    EXPECT_EQ(result.test_accuracy, c["acc"].get<double>()) << protocol << " " << mode;
  }
}

TEST(EvalClassifier, LearnsASeparableProblem) {
  // Two classes split by the sign of the first feature; the second feature is noise.
  std::vector<Scalar> values;
  std::vector<int32_t> labels;
  NumpyRandomState random(7);
  for (int i = 0; i < 200; ++i) {
    const double side = i % 2 ? 1.0 : -1.0;
    values.push_back(static_cast<Scalar>(side * (0.5 + random.interval(100) / 100.0)));
    values.push_back(static_cast<Scalar>(random.interval(200) / 100.0 - 1.0));
    labels.push_back(i % 2);
  }
  const Tensor x = Tensor::from_vector(Shape({200, 2}), values);
  LogisticRegression model(2, 2, 1e-5, ClassifierConfig{OptimizerKind::rmsprop, 32, 3, 2});
  EXPECT_EQ(model.fit(x, labels, x, labels), 1.0);
  EXPECT_EQ(model.accuracy(x, labels), 1.0);
  EXPECT_GT(std::abs(model.weight().to_vector()[0] - model.weight().to_vector()[2]), 1.0);  // feature 1 decides
}

TEST(EvalClassifier, OptimiserStepsByHand) {
  // One step from w = 1 with gradient 0.5 and weight decay 0.1 (g = 0.5 + 0.1 = 0.6).
  for (OptimizerKind kind : {OptimizerKind::adam, OptimizerKind::rmsprop}) {
    Tensor w = Tensor::full(Shape({1}), 1).set_requires_grad(true);
    w.grad_data()[0] = 0.5;
    ClassifierOptimizer optimizer(kind, {w}, 0.1);
    optimizer.step();
    // Adam's first step moves by lr * sign(g) (m / sqrt(v) = 1 after bias correction); RMSprop's by
    // lr * g / sqrt((1 - 0.99) g^2) = lr / 0.1.
    const double expected = kind == OptimizerKind::adam ? 1 - 1e-3 : 1 - 1e-2 / std::sqrt(0.01);
    EXPECT_NEAR(w.to_vector()[0], expected, 1e-6) << optimizer_name(kind);
  }
  EXPECT_THROW(parse_optimizer_kind("sgd"), Error);
}

}  // namespace
}  // namespace simcse
