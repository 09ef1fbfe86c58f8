// test_public_api.cc — the public library (src/simcse.h) as a user sees it: encode returns rows in
// input order whatever the length-sorted batching did, unit rows by default (raw with
// normalize_to_unit = false), the same vectors in any batch size, a pooler option replacing the
// directory's head, the cosine matrix, an empty list, and errors as std::runtime_error naming the file.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "simcse.h"
#include "support/test_support.h"

namespace {

std::string fixture(const std::string& path) { return simcse::testing::repo_root() + "/tests/fixtures/" + path; }

const std::vector<std::string> kSentences = {"a man is playing guitar on the coast", "a dog", "two dogs running in the snow",
                                             "a woman"};

double norm(const simcse::Matrix& m, int64_t row) {
  double squares = 0;
  for (int64_t d = 0; d < m.cols; ++d) squares += m(row, d) * m(row, d);
  return std::sqrt(squares);
}

TEST(PublicApi, EncodeKeepsInputOrderAndNormalisesByDefault) {
  const simcse::SentenceModel model(fixture("sentence_transformers/max"));
  EXPECT_EQ(model.head(), "max");
  EXPECT_EQ(std::string(simcse::scalar_type()), "float32");
  const simcse::Matrix unit = model.encode(kSentences);
  simcse::EncodeOptions raw_options;
  raw_options.normalize_to_unit = false;
  raw_options.batch_size = 1;
  const simcse::Matrix raw = model.encode(kSentences, raw_options);
  ASSERT_EQ(unit.rows, 4);
  ASSERT_EQ(unit.cols, model.dimension());
  for (int64_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(norm(unit, i), 1.0, 1e-6);
    // Row i of a one-at-a-time encode is row i of the batched one, scaled: the order survived sorting.
    const simcse::Matrix alone = model.encode({kSentences[i]}, raw_options);
    for (int64_t d = 0; d < raw.cols; ++d) {
      EXPECT_NEAR(alone(0, d), raw(i, d), 1e-6);
      EXPECT_NEAR(unit(i, d), raw(i, d) / norm(raw, i), 1e-6);
    }
  }
}

TEST(PublicApi, SimilarityIsTheCosineMatrix) {
  const simcse::SentenceModel model(fixture("encoder/one_layer_relu"), {"cpu", "avg"});
  const simcse::Matrix cosines = model.similarity(kSentences, {kSentences[1], kSentences[0]});
  ASSERT_EQ(cosines.rows, 4);
  ASSERT_EQ(cosines.cols, 2);
  EXPECT_NEAR(cosines(0, 1), 1.0, 1e-6);
  EXPECT_NEAR(cosines(1, 0), 1.0, 1e-6);
  const simcse::Matrix vectors = model.encode(kSentences), all = simcse::similarity(vectors, vectors);
  EXPECT_EQ(all(2, 3), all(3, 2));
  EXPECT_NEAR(all(2, 1), cosines(2, 0), 1e-6) << "the same cosine from sentences and from vectors";
  EXPECT_EQ(model.encode({}).rows, 0);
}

TEST(PublicApi, ErrorsNameTheFile) {
  try {
    simcse::SentenceModel model(fixture("encoder/one_layer_relu"));
    FAIL() << "a plain checkpoint without a pooler option has no head to use";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("one_layer_relu"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("--pooler"), std::string::npos) << error.what();
  }
  EXPECT_THROW(simcse::SentenceModel(fixture("encoder/one_layer_relu"), {"cpu", "median"}), std::runtime_error);
}

}  // namespace
