// test_toolchain.cc — the compiler builds what the source says. Debian's g++ 12.2 with AVX-512
// (-march=native on these machines) broadcast the first half of some constant vectors: a
// std::vector<int64_t>{1, 1, 0, 0} came out as {1, 1, 1, 1}, and a test's labels {1, 1, 0, 0}
// silently became all ones. The Makefile builds with -fno-tree-slp-vectorize, which avoids it;
// this test fails if the flag is dropped on a compiler that still has the bug.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace simcse {
namespace {

TEST(Toolchain, ConstantVectorsHoldTheirValues) {
  const std::vector<int64_t> longs = {1, 1, 0, 0};
  EXPECT_EQ(longs[2], 0);
  EXPECT_EQ(longs[3], 0);
  const std::vector<int32_t> ints = {1, 1, 1, 1, 0, 0, 0, 0};
  EXPECT_EQ(ints[4] + ints[5] + ints[6] + ints[7], 0);
  const std::vector<double> doubles = {0.5, 0.5, 0, 0};
  EXPECT_EQ(doubles[2] + doubles[3], 0);
}

}  // namespace
}  // namespace simcse
