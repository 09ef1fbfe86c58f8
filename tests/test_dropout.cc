// test_dropout.cc — Philox4x32-10 against Random123's published known-answer vectors, and the
// dropout op built on it: drop rate, inverted scaling, reproducibility, backward reusing the mask.
#include <gtest/gtest.h>

#include "core/philox.h"
#include "ops/ops.h"

namespace simcse {
namespace {

void expect_block(Philox4 counter, uint32_t key0, uint32_t key1, Philox4 expected) {
  Philox4 got = philox4x32_10(counter, key0, key1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got.word[i], expected.word[i]) << "word " << i;
}

TEST(Philox, MatchesRandom123KnownAnswers) {  // Random123 tests/kat_vectors, philox4x32 10 rounds
  expect_block({{0, 0, 0, 0}}, 0, 0, {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}});
  expect_block({{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, 0xffffffff, 0xffffffff,
               {{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}});
  expect_block({{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, 0xa4093822, 0x299f31d0,
               {{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}});
}

TEST(Philox, ElementBitsComeFromTheirOwnBlockLane) {
  // Element 6 of call `offset` is lane 2 of block 1: counter (1, 0, offset, 0) under the seed.
  Philox4 block = philox4x32_10({{1, 0, 9, 0}}, 1234, 0);
  EXPECT_EQ(philox_bits(1234, 9, 6), block.word[2]);
}

TEST(Dropout, EachShardDrawsTheMasksOfItsRowsOfTheWholeBatch) {
  // A data-parallel rank holding rows [r * 3, (r + 1) * 3) of a [6, 50] batch draws the masks a
  // single process draws for those rows, and rank 1's differ from rank 0's.
  std::vector<Scalar> values(300);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<Scalar>(i + 1);
  RandomStream whole_stream{11, 4};
  const std::vector<Scalar> whole = dropout(Tensor::from_vector({6, 50}, values), 0.5, whole_stream).to_vector();
  std::vector<Scalar> by_shards;
  for (uint64_t rank : {0, 1}) {
    RandomStream stream{11, 4, rank};
    const std::vector<Scalar> rows(values.begin() + rank * 150, values.begin() + (rank + 1) * 150);
    for (Scalar v : dropout(Tensor::from_vector({3, 50}, rows), 0.5, stream).to_vector()) by_shards.push_back(v);
  }
  EXPECT_EQ(by_shards, whole);
}

TEST(Dropout, DropsAboutPAndScalesSurvivors) {
  const int64_t count = 200000;
  Tensor x = Tensor::full({count}, 1);
  RandomStream stream{7};
  std::vector<Scalar> y = dropout(x, 0.1, stream).to_vector();
  int64_t dropped = 0;
  for (Scalar v : y) {
    if (v == 0) ++dropped;
    else EXPECT_FLOAT_EQ(v, Scalar(1 / 0.9));
  }
  // Binomial(200000, 0.1): standard deviation ~134; 5 sigma either side.
  EXPECT_NEAR(static_cast<double>(dropped), 20000.0, 700.0);
}

TEST(Dropout, SameSeedAndOffsetGiveTheSameMaskAndNewOffsetsDiffer) {
  Tensor x = Tensor::full({1000}, 1);
  RandomStream first{99}, second{99};
  std::vector<Scalar> a = dropout(x, 0.5, first).to_vector();
  std::vector<Scalar> b = dropout(x, 0.5, second).to_vector();
  EXPECT_EQ(a, b);
  EXPECT_EQ(first.next_offset, 1u);
  EXPECT_NE(dropout(x, 0.5, first).to_vector(), a);  // the next call draws a new mask
}

TEST(Dropout, BackwardUsesTheForwardMask) {
  Tensor x = Tensor::full({5000}, 2).set_requires_grad(true);
  RandomStream stream{3};
  Tensor y = dropout(x, 0.3, stream);
  sum(y).backward();
  std::vector<Scalar> forward = y.to_vector(), grad = x.grad().to_vector();
  for (size_t i = 0; i < forward.size(); ++i) EXPECT_FLOAT_EQ(grad[i], forward[i] / 2) << i;
}

TEST(Dropout, ZeroProbabilityIsTheIdentityAndBadProbabilitiesAreErrors) {
  Tensor x = Tensor::full({4}, 1);
  RandomStream stream{1};
  EXPECT_TRUE(dropout(x, 0.0, stream).same_as(x));
  EXPECT_EQ(stream.next_offset, 0u);
  EXPECT_THROW(dropout(x, 1.0, stream), Error);
  EXPECT_THROW(dropout(x, -0.1, stream), Error);
}

}  // namespace
}  // namespace simcse
