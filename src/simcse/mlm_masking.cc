// mlm_masking.cc — the 80/10/10 corruption with counter-based random numbers.
// Paper: Appendix D (MLM auxiliary objective)
#include "simcse/mlm_masking.h"

#include <algorithm>

#include "core/error.h"
#include "core/philox.h"
#include "ops/cross_entropy.h"
#include "simcse/random_streams.h"

namespace simcse {

namespace {

// A uniform number in [0, 1) from 32 random bits.
double uniform(uint32_t bits) { return bits / 4294967296.0; }

}  // namespace

MaskedTokens mask_tokens(const std::vector<int32_t>& input_ids, const MlmSettings& settings, uint64_t seed,
                         uint64_t step, uint64_t first_token) {
  SIMCSE_CHECK(settings.probability >= 0 && settings.probability <= 1, "--mlm_probability must be in [0, 1], got ",
               settings.probability);
  SIMCSE_CHECK(settings.vocab_size > 0, "MLM masking needs the vocabulary size");
  MaskedTokens out{input_ids, std::vector<int32_t>(input_ids.size(), kIgnoreIndex)};
  const uint64_t offset = kMlmMaskingOffset + step;
  for (size_t i = 0; i < input_ids.size(); ++i) {
    const int32_t id = input_ids[i];
    if (std::find(settings.special_ids.begin(), settings.special_ids.end(), id) != settings.special_ids.end())
      continue;
    const uint64_t counter = 4 * (first_token + i);
    if (uniform(philox_bits(seed, offset, counter)) >= settings.probability) continue;  // not chosen
    out.labels[i] = id;
    const double how = uniform(philox_bits(seed, offset, counter + 1));
    if (how < 0.8) {
      out.input_ids[i] = settings.mask_id;
    } else if (how < 0.9) {
      out.input_ids[i] = static_cast<int32_t>(philox_bits(seed, offset, counter + 2) % settings.vocab_size);
    }  // else: the token stays as it is, but is still predicted
  }
  return out;
}

}  // namespace simcse
