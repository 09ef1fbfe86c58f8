// gradient_parity.h — comparing a whole objective's gradients with a PyTorch reference, as the
// training-parity tests do: every tensor of a safetensors fixture read by name, and per parameter the
// normalised error max |ours - reference| / max |reference|. A tensor whose true gradient is zero
// up to rounding (BERT's key bias: softmax ignores a constant added to every score of a row) is
// measured against the largest gradient of the whole model instead; a reference tensor we have no
// parameter for must have no gradient.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "io/binary_file.h"
#include "io/safetensors.h"
#include "support/test_support.h"

namespace simcse::testing {

// name -> tensor, for every tensor of a safetensors file.
inline std::map<std::string, Tensor> read_all_tensors(const std::string& path) {
  TensorFileIndex index = read_safetensors_index(path);
  BinaryFile file(path);
  std::map<std::string, Tensor> tensors;
  for (const StoredTensor& stored : index.tensors) tensors[stored.name] = read_stored_tensor(file, stored);
  return tensors;
}

// Expects every parameter's gradient within `bound` of the reference (normalised as above);
// returns the worst error.
inline double expect_gradients_match(const std::vector<std::pair<std::string, Tensor>>& parameters,
                                     std::map<std::string, Tensor> reference, double bound) {
  auto largest_of = [](const std::vector<Scalar>& values) {
    double largest = 0;
    for (Scalar v : values) largest = std::max(largest, std::abs(static_cast<double>(v)));
    return largest;
  };
  double model_largest = 0;
  for (const auto& [name, grad] : reference) model_largest = std::max(model_largest, largest_of(grad.to_vector()));
  double worst = 0;
  for (const auto& [name, parameter] : parameters) {
    EXPECT_TRUE(reference.count(name)) << "the reference has no gradient for " << name;
    if (!reference.count(name)) continue;
    std::vector<Scalar> expected = reference.at(name).to_vector();
    double largest = largest_of(expected);
    if (largest < 1e-6 * model_largest) largest = model_largest;  // a gradient that is zero up to rounding
    std::vector<double> expected_double(expected.begin(), expected.end());
    std::vector<Scalar> ours = parameter.has_grad() ? parameter.grad().to_vector()
                                                    : std::vector<Scalar>(expected.size(), 0);
    const double error = max_abs_diff(ours, expected_double) / std::max(largest, 1e-30);
    EXPECT_LE(error, bound) << name << " (largest reference gradient " << largest << ")";
    worst = std::max(worst, error);
    reference.erase(name);
  }
  for (const auto& [name, grad] : reference)
    for (Scalar v : grad.to_vector()) EXPECT_EQ(v, 0) << name << " has a reference gradient but no parameter here";
  return worst;
}

}  // namespace simcse::testing
