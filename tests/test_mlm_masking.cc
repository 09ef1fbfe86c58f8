// test_mlm_masking.cc — the MLM corruption: rate, the 80/10/10 split, special tokens untouched,
// labels only where chosen, and reproducibility per (seed, step).
#include <gtest/gtest.h>

#include "ops/cross_entropy.h"
#include "simcse/mlm_masking.h"

namespace simcse {
namespace {

MlmSettings settings() {
  MlmSettings s;
  s.mask_id = 103;
  s.vocab_size = 30522;
  s.special_ids = {0, 100, 101, 102, 103};  // [PAD] [UNK] [CLS] [SEP] [MASK] in BERT's vocabulary
  return s;
}

TEST(MlmMasking, FollowsThe80_10_10Rule) {
  // 40000 sentences' worth of ordinary tokens, with [CLS]/[SEP]/[PAD] sprinkled in.
  std::vector<int32_t> ids;
  for (int i = 0; i < 200000; ++i) ids.push_back(i % 50 == 0 ? 101 : i % 50 == 49 ? 102 : 1000 + i % 7000);
  MaskedTokens masked = mask_tokens(ids, settings(), 5, 0);
  int64_t ordinary = 0, chosen = 0, to_mask = 0, kept = 0, random = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const bool special = ids[i] == 101 || ids[i] == 102;
    ordinary += !special;
    if (masked.labels[i] == kIgnoreIndex) {
      EXPECT_EQ(masked.input_ids[i], ids[i]);  // not chosen: untouched
      continue;
    }
    ASSERT_FALSE(special) << "special token chosen at " << i;
    EXPECT_EQ(masked.labels[i], ids[i]);
    ++chosen;
    if (masked.input_ids[i] == 103) ++to_mask;
    else if (masked.input_ids[i] == ids[i]) ++kept;
    else ++random;
  }
  // 196000 ordinary tokens x 0.15 = 29400 (sd ~158); within the chosen, 80/10/10 (sd ~69, ~52).
  EXPECT_NEAR(static_cast<double>(chosen), 0.15 * ordinary, 800);
  EXPECT_NEAR(static_cast<double>(to_mask), 0.8 * chosen, 350);
  EXPECT_NEAR(static_cast<double>(random), 0.1 * chosen, 260);
  EXPECT_NEAR(static_cast<double>(kept), 0.1 * chosen, 260);
}

TEST(MlmMasking, SameSeedAndStepSameCorruptionOtherStepsDiffer) {
  std::vector<int32_t> ids(500, 2000);
  MaskedTokens a = mask_tokens(ids, settings(), 9, 3), b = mask_tokens(ids, settings(), 9, 3);
  EXPECT_EQ(a.input_ids, b.input_ids);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_NE(mask_tokens(ids, settings(), 9, 4).labels, a.labels);
}

TEST(MlmMasking, InvalidSettingsAreErrors) {
  MlmSettings bad = settings();
  bad.probability = 1.5;
  EXPECT_ANY_THROW(mask_tokens({1000}, bad, 1, 0));
}

}  // namespace
}  // namespace simcse
