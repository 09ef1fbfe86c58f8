// reference_random.h — the two random streams SentEval's classifier draws from, reproduced so our
// folds, batch orders, held-out splits and initial weights are the reference's own:
//   numpy.random.RandomState(seed) — StratifiedKFold's shuffles and np.random.permutation;
//   torch.manual_seed(seed) + Tensor.uniform_ on the CPU generator — nn.Linear's initial weights.
// Both are the Mersenne Twister MT19937 (std::mt19937) with the same seeding; what differs is how
// they turn its 32-bit outputs into integers in a range or floats.
// Paper: Appendix E (Transfer tasks: SentEval's logistic regression)
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace simcse {

class NumpyRandomState {
 public:
  explicit NumpyRandomState(uint32_t seed) : engine_(seed) {}

  // Uniform in [0, max]: NumPy's legacy random_interval, rejection sampling under a bit mask.
  uint64_t interval(uint64_t max);

  // RandomState.shuffle: Fisher-Yates from the back, j = interval(i).
  template <typename T>
  void shuffle(std::vector<T>& values) {
    for (size_t i = values.size(); i-- > 1;) std::swap(values[i], values[interval(i)]);
  }

  // RandomState.permutation(n): 0..n-1 shuffled.
  std::vector<int64_t> permutation(int64_t n);

 private:
  std::mt19937 engine_;
};

class TorchCpuGenerator {
 public:
  explicit TorchCpuGenerator(uint32_t seed) : engine_(seed) {}

  // One draw of float32 Tensor.uniform_(from, to): the low 24 bits of a 32-bit output, scaled.
  float uniform(double from, double to);

 private:
  std::mt19937 engine_;
};

}  // namespace simcse
