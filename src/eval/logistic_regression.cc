// logistic_regression.cc — SentEval's PyTorchClassifier (fit, trainepoch, score) for nhid = 0.
// Paper: Appendix E (Transfer tasks)
#include "eval/logistic_regression.h"

#include <algorithm>
#include <cmath>

#include "ops/ops.h"

namespace simcse {

Tensor take_rows(const Tensor& x, const std::vector<int64_t>& rows) {
  SIMCSE_CHECK(x.rank() == 2, "take_rows: expected [n, dim], got ", x.shape());
  const int64_t dim = x.dim(1);
  Tensor taken = Tensor::empty(Shape({static_cast<int64_t>(rows.size()), dim}));
  for (size_t r = 0; r < rows.size(); ++r) {
    SIMCSE_CHECK(rows[r] >= 0 && rows[r] < x.dim(0), "take_rows: row ", rows[r], " of ", x.dim(0));
    std::copy_n(x.data() + rows[r] * dim, dim, taken.data() + r * dim);
  }
  return taken;
}

std::vector<int32_t> take_labels(const std::vector<int32_t>& labels, const std::vector<int64_t>& rows) {
  std::vector<int32_t> taken;
  taken.reserve(rows.size());
  for (int64_t row : rows) taken.push_back(labels.at(row));
  return taken;
}

LogisticRegression::LogisticRegression(int64_t input_dim, int classes, double l2_regularization,
                                       const ClassifierConfig& config, uint32_t seed)
    : config_(config), numpy_random_(seed) {
  SIMCSE_CHECK(input_dim > 0 && classes >= 2, "LogisticRegression: needs input_dim > 0 and >= 2 classes, got ",
               input_dim, " and ", classes);
  // nn.Linear.reset_parameters: kaiming_uniform_(weight, a=sqrt(5)) draws from U(-b, b) with
  // b = sqrt(3) * gain / sqrt(fan_in), gain = sqrt(2 / (1 + a^2)); then the bias from
  // U(-1/sqrt(fan_in), 1/sqrt(fan_in)); both from torch's generator right after manual_seed.
  TorchCpuGenerator torch_random(seed);
  const double a = std::sqrt(5.0);
  const double weight_bound = std::sqrt(3.0) * (std::sqrt(2.0 / (1 + a * a)) / std::sqrt(static_cast<double>(input_dim)));
  const double bias_bound = 1 / std::sqrt(static_cast<double>(input_dim));
  std::vector<Scalar> weight(classes * input_dim), bias(classes);
  for (Scalar& w : weight) w = torch_random.uniform(-weight_bound, weight_bound);
  for (Scalar& b : bias) b = torch_random.uniform(-bias_bound, bias_bound);
  weight_ = Tensor::from_vector(Shape({classes, input_dim}), weight).set_requires_grad(true);
  bias_ = Tensor::from_vector(Shape({classes}), bias).set_requires_grad(true);
  optimizer_ = std::make_unique<ClassifierOptimizer>(config.optimizer, std::vector<Tensor>{weight_, bias_},
                                                     l2_regularization);
}

// SentEval's trainepoch: `passes` passes over (x, y), each in a fresh numpy permutation, cut into
// mini-batches of batch_size (the last one shorter), one optimiser step per batch.
void LogisticRegression::train_passes(const Tensor& x, const std::vector<int32_t>& y, int passes) {
  for (int pass = 0; pass < passes; ++pass) {
    const std::vector<int64_t> order = numpy_random_.permutation(x.dim(0));
    for (size_t start = 0; start < order.size(); start += config_.batch_size) {
      const std::vector<int64_t> batch(order.begin() + start,
                                       order.begin() + std::min(order.size(), start + config_.batch_size));
      Tensor logits = add(matmul(take_rows(x, batch), weight_, false, /*transpose_b=*/true), bias_);  // [batch, classes]
      Tensor loss = cross_entropy(logits, take_labels(y, batch));  // mean over the batch
      optimizer_->zero_grad();
      loss.backward();
      optimizer_->step();
    }
  }
}

double LogisticRegression::fit(const Tensor& x, const std::vector<int32_t>& y, const Tensor& dev_x,
                               const std::vector<int32_t>& dev_y) {
  SIMCSE_CHECK(x.rank() == 2 && x.dim(0) == static_cast<int64_t>(y.size()) && x.dim(0) > 0 &&
                   x.dim(1) == weight_.dim(1),
               "LogisticRegression::fit: features ", x.shape(), " with ", y.size(), " labels for a ", weight_.shape(),
               " weight");
  int failures = 0;
  double best_accuracy = -1;
  std::vector<Scalar> best_weight, best_bias;
  epochs_ = 0;
  for (bool stop = false; !stop && epochs_ <= config_.max_epoch;) {
    train_passes(x, y, config_.epoch_size);
    epochs_ += config_.epoch_size;
    const double dev_accuracy = accuracy(dev_x, dev_y);
    if (dev_accuracy > best_accuracy) {
      best_accuracy = dev_accuracy;
      best_weight = weight_.to_vector();
      best_bias = bias_.to_vector();
    } else {
      if (failures >= config_.tenacity) stop = true;  // SentEval checks before counting
      ++failures;
    }
  }
  std::copy(best_weight.begin(), best_weight.end(), weight_.data());
  std::copy(best_bias.begin(), best_bias.end(), bias_.data());
  return best_accuracy;
}

double LogisticRegression::fit(const Tensor& x, const std::vector<int32_t>& y, double validation_fraction) {
  // SentEval's prepare_split: the first int(fraction * n) of a permutation validate, the rest train
  // (in permuted order, which the batch shuffles then start from).
  const std::vector<int64_t> order = numpy_random_.permutation(x.dim(0));
  const auto held_out = static_cast<int64_t>(validation_fraction * static_cast<double>(x.dim(0)));
  SIMCSE_CHECK(held_out > 0 && held_out < x.dim(0), "LogisticRegression::fit: a validation fraction of ",
               validation_fraction, " of ", x.dim(0), " samples leaves no validation or no training data");
  const std::vector<int64_t> dev_rows(order.begin(), order.begin() + held_out);
  const std::vector<int64_t> train_rows(order.begin() + held_out, order.end());
  return fit(take_rows(x, train_rows), take_labels(y, train_rows), take_rows(x, dev_rows), take_labels(y, dev_rows));
}

std::vector<int32_t> LogisticRegression::predict(const Tensor& x) const {
  SIMCSE_CHECK(x.rank() == 2 && x.dim(1) == weight_.dim(1), "LogisticRegression::predict: features ", x.shape(),
               " for a ", weight_.shape(), " weight");
  NoGradGuard no_grad;
  const std::vector<Scalar> logits = add(matmul(x, weight_, false, true), bias_).to_vector();  // [n, classes]
  const int64_t classes = weight_.dim(0);
  std::vector<int32_t> predicted(x.dim(0));
  for (int64_t i = 0; i < x.dim(0); ++i) {
    const Scalar* row = &logits[i * classes];
    predicted[i] = static_cast<int32_t>(std::max_element(row, row + classes) - row);  // first maximum
  }
  return predicted;
}

double LogisticRegression::accuracy(const Tensor& x, const std::vector<int32_t>& y) const {
  SIMCSE_CHECK(x.dim(0) == static_cast<int64_t>(y.size()) && !y.empty(), "LogisticRegression::accuracy: ",
               x.dim(0), " rows and ", y.size(), " labels");
  const std::vector<int32_t> predicted = predict(x);
  int64_t correct = 0;
  for (size_t i = 0; i < y.size(); ++i) correct += predicted[i] == y[i];
  return 1.0 * static_cast<double>(correct) / static_cast<double>(y.size());
}

}  // namespace simcse
