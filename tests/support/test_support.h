// test_support.h — helpers shared by the unit tests: where the repository and the shared data
// are, reading JSON fixtures, and comparing tensors with a readable failure message.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace simcse::testing {

// The repository root (tests run from it; $SIMCSE_ROOT overrides).
std::string repo_root();
nlohmann::json load_json(const std::string& path_from_root);

// ../shared/data relative to the repository root ($SIMCSE_SHARED_DATA overrides). Empty when absent.
std::string shared_data_dir();

// Largest |a - b| over two equally long vectors.
double max_abs_diff(const std::vector<Scalar>& a, const std::vector<double>& b);

// A tensor stored in a PyTorch fixture as {"shape": [...], "values": [...]}.
Tensor tensor_from_json(const nlohmann::json& entry);

// Largest |ours - reference| divided by the reference's scale, max(floor, largest |value|), so
// O(1) values compare relatively and tiny ones absolutely; also expects the shapes to match.
double scaled_error(const Tensor& ours, const nlohmann::json& reference, double floor);

}  // namespace simcse::testing

// Skips the test when ../shared/data is missing, but fails it when $CI is set: CI must never pass
// by silently skipping the real-data tests.
#define SIMCSE_REQUIRE_SHARED_DATA()                                                        \
  do {                                                                                      \
    if (::simcse::testing::shared_data_dir().empty()) {                                     \
      if (std::getenv("CI")) FAIL() << "CI is set but ../shared/data is missing";          \
      GTEST_SKIP() << "../shared/data is missing; skipping a test that needs real data";   \
    }                                                                                       \
  } while (0)
