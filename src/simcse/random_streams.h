// random_streams.h — where every random number of a training run comes from. All of them are
// Philox4x32-10 (core/philox.h). Under the run's --seed as key, the counter's offset word says
// what a number is for, so the streams never overlap and each can be recomputed on resume:
//   offsets [0, 2^62)   dropout masks, one offset per dropout call (RandomStream::next_offset)
//   2^62 + step         the MLM masking of that step's batch
//   2^63 + epoch        the shuffle of that epoch
//   2^63 + 2^62 + step  TSDAE's word deletion in that step's batch
//   2^63 + 2^62 + 2^61 + step  ESimCSE's word repetition in that step's batch
// Initial parameters draw one offset per parameter tensor (random_bert_parameters), so they use
// keys of their own: seed + 1 for a randomly initialised encoder (--config_name), seed + 2 for
// SimCSE's heads (the MLP and the MLM head).
// Paper: §3 (dropout noise), Appendix D (MLM); infrastructure for determinism and resume
#pragma once

#include <cstdint>

namespace simcse {

constexpr uint64_t kMlmMaskingOffset = uint64_t{1} << 62;
constexpr uint64_t kShuffleOffset = uint64_t{1} << 63;
constexpr uint64_t kWordDeletionOffset = (uint64_t{1} << 63) + (uint64_t{1} << 62);
constexpr uint64_t kWordRepetitionOffset = (uint64_t{1} << 63) + (uint64_t{1} << 62) + (uint64_t{1} << 61);
inline uint64_t encoder_init_key(uint64_t seed) { return seed + 1; }
inline uint64_t heads_init_key(uint64_t seed) { return seed + 2; }

}  // namespace simcse
