// reference_random.cc — NumPy's random_interval and torch's float uniform on MT19937.
// Paper: Appendix E (Transfer tasks)
#include "eval/reference_random.h"

#include "core/error.h"

namespace simcse {

uint64_t NumpyRandomState::interval(uint64_t max) {
  if (max == 0) return 0;
  SIMCSE_CHECK(max <= 0xFFFFFFFFULL, "NumpyRandomState::interval: ", max, " is beyond 32 bits");
  uint64_t mask = max;  // the smallest all-ones mask covering max
  for (int shift = 1; shift <= 16; shift *= 2) mask |= mask >> shift;
  uint64_t value;
  do {
    value = engine_() & mask;
  } while (value > max);
  return value;
}

std::vector<int64_t> NumpyRandomState::permutation(int64_t n) {
  std::vector<int64_t> values(n);
  for (int64_t i = 0; i < n; ++i) values[i] = i;
  shuffle(values);
  return values;
}

float TorchCpuGenerator::uniform(double from, double to) {
  // at::uniform_real_distribution<float>: x = (bits & (2^24 - 1)) / 2^24, then x * (to - from) + from
  // in float.
  const float low = static_cast<float>(from), high = static_cast<float>(to);
  const float x = static_cast<float>(engine_() & 0xFFFFFFu) * (1.0f / 16777216.0f);
  return x * (high - low) + low;
}

}  // namespace simcse
