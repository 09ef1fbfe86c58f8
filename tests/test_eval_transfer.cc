// test_eval_transfer.cc — transfer tasks end to end on the real data: CR (inner k-fold), TREC
// (k-fold, six classes) and MRPC (k-fold on [|u - v|, u * v]) in fasttest mode with the
// bag-of-hashed-words encoder, against SentEval's own evaluation classes run on the same vectors
// (exactly for CR and TREC, to about a point for MRPC, see below)
// (tools/make_classifier_fixtures.py --senteval_data -> tests/fixtures/eval/classifier.json);
// MRPC's pair features; results independent of the thread count.
#include <gtest/gtest.h>

#include "backend/backend.h"
#include "eval/evaluation.h"
#include "eval/hashed_word_encoder.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using nlohmann::json;

TEST(EvalTransfer, RealTasksMatchSentEval) {
  SIMCSE_REQUIRE_SHARED_DATA();
  const json fixture = testing::load_json("tests/fixtures/eval/classifier.json");
  const json& cases = fixture["real_tasks"];
  ASSERT_FALSE(cases.empty());
  for (const json& c : cases) {
    const std::string task = c["task"];
    const TransferResult result = evaluate_transfer(hashed_word_encoder(c["hashed_dim"]), task,
                                                    testing::shared_data_dir() + "/senteval",
                                                    transfer_settings(parse_eval_mode(c["mode"])));
    // CR and TREC reproduce SentEval exactly. MRPC's accuracies agree to about a point; its F1 does
    // not (77.49 here against SentEval's 79.70), and float64 shows that gap is not float rounding
    // but something still unexplained in the MRPC protocol (tests/double/test_eval_transfer_double.cc).
    const double tolerance = task == "MRPC" ? 1.5 : 0.0;
    EXPECT_NEAR(result.dev_accuracy, c["devacc"].get<double>(), tolerance) << task;
    EXPECT_NEAR(result.test_accuracy, c["acc"].get<double>(), tolerance) << task;
    EXPECT_EQ(result.dev_count, c["ndev"].get<int64_t>()) << task;
    EXPECT_EQ(result.test_count, c["ntest"].get<int64_t>()) << task;
    std::printf("%s fasttest, hashed %d-dim words: dev %.2f, test %.2f (SentEval: %.2f, %.2f)\n", task.c_str(),
                c["hashed_dim"].get<int>(), result.dev_accuracy, result.test_accuracy, c["devacc"].get<double>(),
                c["acc"].get<double>());
  }
}

TEST(EvalTransfer, PairFeatures) {
  const Tensor u = Tensor::from_vector(Shape({1, 2}), {1, -2}), v = Tensor::from_vector(Shape({1, 2}), {3, 0.5f});
  EXPECT_EQ(pair_features(u, v).to_vector(), (std::vector<Scalar>{2, 2.5f, 3, -1}));  // [|u - v|, u * v]
}

// Every classifier runs on one thread with its own seeds, so --threads changes the speed only.
TEST(EvalTransfer, ResultsDoNotDependOnTheThreadCount) {
  std::vector<Scalar> values;
  std::vector<int32_t> labels;
  NumpyRandomState random(3);
  for (int i = 0; i < 120; ++i) {
    labels.push_back(i % 3);
    for (int d = 0; d < 4; ++d) values.push_back(static_cast<Scalar>((d == i % 3) + random.interval(1000) / 500.0));
  }
  const LabelledFeatures data{Tensor::from_vector(Shape({120, 4}), values), labels};
  const ClassifierConfig config{OptimizerKind::rmsprop, 16, 3, 2};
  set_num_threads(1);
  const ValidatedAccuracy one = inner_kfold_accuracy(data, 3, 5, config);
  set_num_threads(2);
  const ValidatedAccuracy two = inner_kfold_accuracy(data, 3, 5, config);
  set_num_threads(0);
  EXPECT_EQ(one.dev_accuracy, two.dev_accuracy);
  EXPECT_EQ(one.test_accuracy, two.test_accuracy);
  EXPECT_EQ(one.chosen_l2, two.chosen_l2);
}

}  // namespace
}  // namespace simcse
