// test_tensor.cc — Shape and Tensor: construction, host copies, views, gradient buffers.
#include <gtest/gtest.h>

#include "ops/ops.h"

namespace simcse {
namespace {

TEST(Shape, CountsAndPrints) {
  Shape shape{2, 3, 768};
  EXPECT_EQ(shape.rank(), 3);
  EXPECT_EQ(shape.numel(), 2 * 3 * 768);
  EXPECT_EQ(shape.rows(), 6);
  EXPECT_EQ(shape.dim(-1), 768);
  EXPECT_EQ(shape.str(), "[2, 3, 768]");
  EXPECT_EQ(Shape{}.numel(), 1);  // a scalar holds one value
  EXPECT_THROW(shape.dim(3), Error);
  EXPECT_THROW(Shape({2, -1}), Error);
}

// A shape read from a file could multiply to 2^64 and wrap to 0 (vocab_size 2^58 x hidden 64):
// then a tiny allocation would be followed by huge writes. The count is checked when made.
TEST(Shape, ElementCountThatWouldOverflowIsAnError) {
  EXPECT_EQ(Shape({int64_t{1} << 30, int64_t{1} << 30}).numel(), Shape::kMaxElements);
  EXPECT_THROW(Shape({int64_t{1} << 58, 64}), Error);                  // 2^64: wrapped to 0 before
  EXPECT_THROW(Shape({int64_t{1} << 57, 64}), Error);                  // 2^63: wrapped negative
  EXPECT_THROW(Shape({int64_t{1} << 31, int64_t{1} << 31}), Error);    // 2^62, over 2^60
  EXPECT_THROW(Shape({3, int64_t{1} << 62, int64_t{1} << 62, 0}), Error);  // the non-zero part is bounded too
  EXPECT_EQ(Shape({int64_t{1} << 40, 0}).numel(), 0);
  EXPECT_EQ(Shape({int64_t{1} << 40, 0}).rows(), int64_t{1} << 40);   // rows() no longer divides by 0
  EXPECT_EQ(Shape({4, 0, 3}).rows(), 0);
}

TEST(Tensor, RoundTripsThroughTheHost) {
  Tensor t = Tensor::from_vector({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(t.to_vector(), (std::vector<Scalar>{1, 2, 3, 4}));
  EXPECT_EQ(Tensor::full({3}, 7).to_vector(), (std::vector<Scalar>{7, 7, 7}));
  EXPECT_EQ(Tensor::zeros({2}).to_vector(), (std::vector<Scalar>{0, 0}));
  EXPECT_EQ(Tensor::from_vector({}, {5}).item(), 5);
  EXPECT_THROW(Tensor::from_vector({2, 2}, {1, 2, 3}), Error);
  EXPECT_THROW(t.item(), Error);
}

TEST(Tensor, CopiesShareValues) {
  Tensor a = Tensor::from_vector({2}, {1, 2});
  Tensor b = a;  // a handle, like a PyTorch tensor
  b.data()[0] = 10;
  EXPECT_EQ(a.to_vector()[0], 10);
  EXPECT_TRUE(a.same_as(b));
}

TEST(Tensor, DataIsAlignedForVectorLoads) {
  for (int64_t size : {1, 3, 17, 1000}) {
    Tensor t = Tensor::empty({size});
    EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data()) % 64, 0u) << size;
  }
}

TEST(Tensor, ReshapeIsAViewWithItsOwnGradient) {
  Tensor x = Tensor::from_vector({2, 3}, {1, 2, 3, 4, 5, 6}).set_requires_grad(true);
  Tensor y = reshape(x, {3, -1});
  EXPECT_EQ(y.shape(), (Shape{3, 2}));
  EXPECT_EQ(y.data(), x.data());  // no copy
  sum(mul(y, y)).backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<Scalar>{2, 4, 6, 8, 10, 12}));
  EXPECT_THROW(reshape(x, {4, 2}), Error);
  EXPECT_THROW(reshape(x, {-1, -1}), Error);
}

TEST(Tensor, UndefinedTensorIsAnErrorNotACrash) {
  Tensor undefined;
  EXPECT_FALSE(undefined.defined());
  EXPECT_THROW(undefined.shape(), Error);
}

TEST(Tensor, CudaIsReportedAsUnavailableInACpuBuild) {
  try {
    Tensor::empty({2}, Device::cuda);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("cuda"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace simcse
