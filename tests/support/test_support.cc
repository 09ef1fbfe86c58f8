// test_support.cc — repository paths, JSON fixtures and tensor comparison for the unit tests.
#include "support/test_support.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace simcse::testing {

std::string repo_root() {
  if (const char* root = std::getenv("SIMCSE_ROOT")) return root;
  return std::filesystem::current_path().string();
}

nlohmann::json load_json(const std::string& path_from_root) {
  std::ifstream file(repo_root() + "/" + path_from_root);
  if (!file) throw std::runtime_error("cannot open fixture " + path_from_root);
  return nlohmann::json::parse(file);
}

std::string shared_data_dir() {
  std::string dir = std::getenv("SIMCSE_SHARED_DATA") ? std::getenv("SIMCSE_SHARED_DATA")
                                                      : repo_root() + "/../shared/data";
  return std::filesystem::is_directory(dir) ? dir : "";
}

double max_abs_diff(const std::vector<Scalar>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return INFINITY;
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(static_cast<double>(a[i]) - b[i]));
  return worst;
}

Tensor tensor_from_json(const nlohmann::json& entry) {
  const std::vector<double> values = entry["values"];
  return Tensor::from_vector(Shape(entry["shape"].get<std::vector<int64_t>>()),
                             std::vector<Scalar>(values.begin(), values.end()));
}

double scaled_error(const Tensor& ours, const nlohmann::json& reference, double floor) {
  const std::vector<double> expected = reference["values"];
  double largest = floor;
  for (double v : expected) largest = std::max(largest, std::abs(v));
  EXPECT_EQ(ours.shape(), Shape(reference["shape"].get<std::vector<int64_t>>()));
  return max_abs_diff(ours.to_vector(), expected) / largest;
}

}  // namespace simcse::testing
