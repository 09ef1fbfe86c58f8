// test_op_errors.cc — bad input gives an error that names the op and the shapes, never undefined
// behaviour: shape mismatches, out-of-range ids and labels, and NaN/Inf produced inside a forward.
#include <gtest/gtest.h>

#include <limits>

#include "file_helpers.h"
#include "ops/ops.h"

namespace simcse {
namespace {

using testing::expect_error;

TEST(OpErrors, ShapeMismatchesNameTheOpAndShapes) {
  Tensor a = Tensor::zeros({2, 3}), b = Tensor::zeros({4, 5});
  expect_error([&] { matmul(a, b); }, {"matmul", "[2, 3]", "[4, 5]"});
  expect_error([&] { add(a, b); }, {"add", "[2, 3]", "[4, 5]"});
  expect_error([&] { batched_matmul(Tensor::zeros({2, 3, 4}), Tensor::zeros({3, 4, 5})); },
               {"batched_matmul", "[2, 3, 4]", "[3, 4, 5]"});
  expect_error([&] { layer_norm(a, Tensor::zeros({4}), Tensor::zeros({4}), 1e-12); }, {"layer_norm", "[2, 3]", "[4]"});
  expect_error([&] { masked_softmax(Tensor::zeros({2, 2, 3, 3}), Tensor::zeros({2, 4})); },
               {"masked_softmax", "[2, 4]", "[2, 2, 3, 3]"});
  expect_error([&] { masked_mean(Tensor::zeros({2, 3, 4}), Tensor::zeros({2, 4})); }, {"masked_mean", "[2, 4]"});
  expect_error([&] { masked_mean_sqrt_len(Tensor::zeros({2, 3, 4}), Tensor::zeros({2, 4})); },
               {"masked_mean_sqrt_len", "[2, 4]"});
  expect_error([&] { masked_max(Tensor::zeros({2, 3}), Tensor::zeros({2, 3})); }, {"masked_max", "[2, 3]"});
  expect_error([&] { concat({a, b}, 0); }, {"concat", "[2, 3]", "[4, 5]"});
  expect_error([&] { slice(a, 1, 2, 5); }, {"slice", "[2, 3]"});
  expect_error([&] { permute(a, {0, 0}); }, {"permute"});
  expect_error([&] { cosine_matrix(a, b); }, {"cosine_matrix", "[2, 3]", "[4, 5]"});
}

TEST(OpErrors, OutOfRangeIdsAndLabelsAreNamed) {
  Tensor table = Tensor::zeros({5, 2});
  expect_error([&] { embedding(table, {0, 5}, Shape{2}); }, {"embedding", "id 5", "position 1"});
  expect_error([&] { embedding(table, {-1}, Shape{1}); }, {"embedding", "id -1"});
  Tensor logits = Tensor::zeros({2, 3});
  expect_error([&] { cross_entropy(logits, {0, 3}); }, {"cross_entropy", "label 3", "row 1"});
  expect_error([&] { cross_entropy(logits, {0}); }, {"cross_entropy", "1 labels"});
  expect_error([&] { cross_entropy(logits, {kIgnoreIndex, kIgnoreIndex}); }, {"cross_entropy", "ignored"});
}

TEST(OpErrors, NanProducedInAForwardNamesTheOp) {
  const Scalar infinity = std::numeric_limits<Scalar>::infinity();
  Tensor x = Tensor::from_vector({1, 2}, {infinity, 1});
  // inf - inf: the max-subtraction of the softmax turns an Inf input into NaN.
  expect_error([&] { masked_softmax(x); }, {"masked_softmax", "NaN/Inf", "[1, 2]"});
  // Every padding token masked out: the masked mean divides by zero.
  expect_error([&] { masked_mean(Tensor::zeros({1, 2, 3}), Tensor::zeros({1, 2})); }, {"masked_mean", "NaN/Inf"});
  expect_error([&] { masked_max(Tensor::zeros({1, 2, 3}), Tensor::zeros({1, 2})); }, {"masked_max", "NaN/Inf"});
}

TEST(OpErrors, FiniteChecksCanBeSwitchedOff) {
  Tensor x = Tensor::from_vector({1, 2}, {std::numeric_limits<Scalar>::infinity(), 1});
  set_check_finite(false);
  EXPECT_NO_THROW(masked_softmax(x));
  set_check_finite(true);
  EXPECT_THROW(masked_softmax(x), Error);
}

}  // namespace
}  // namespace simcse
