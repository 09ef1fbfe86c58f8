// mlm_masking.h — BERT's masked-language-model corruption, SimCSE's optional auxiliary task
// (--do_mlm): each ordinary token is chosen with probability --mlm_probability (0.15); a chosen
// token becomes [MASK] 80% of the time, a random vocabulary token 10%, and stays itself 10%
// (the 80/10/10 rule of transformers' DataCollatorForLanguageModeling). Labels hold the original
// id at chosen positions and -100 (ignored by the loss) everywhere else. Special tokens and
// padding are never chosen.
// Paper: Appendix D (MLM auxiliary objective), Table 9
#pragma once

#include <cstdint>
#include <vector>

namespace simcse {

struct MaskedTokens {
  std::vector<int32_t> input_ids;  // the corrupted ids, same layout as the input
  std::vector<int32_t> labels;     // original id where chosen, -100 elsewhere
};

struct MlmSettings {
  double probability = 0.15;
  int32_t mask_id = 0;
  int32_t vocab_size = 0;                // random replacements are drawn from [0, vocab_size)
  std::vector<int32_t> special_ids;      // [CLS], [SEP], [PAD], [UNK], [MASK]: never chosen
};

// Random decisions for token i come from Philox(seed, kMlmMaskingOffset + step) at counters
// 4(first_token + i) .. 4(first_token + i) + 3, so a step's corruption is the same on every run and
// after a resume; rank r of a data-parallel run passes the index its first token has in the global
// batch, and corrupts its tokens as one process would (first_token is 0 in one process).
MaskedTokens mask_tokens(const std::vector<int32_t>& input_ids, const MlmSettings& settings, uint64_t seed,
                         uint64_t step, uint64_t first_token = 0);

}  // namespace simcse
