// philox.h — Philox4x32-10, the counter-based random generator behind every dropout mask.
// Counter-based means the random bits for element i are a pure function of (seed, counter), with
// no state carried between calls: a GPU thread can compute its own element's mask bit, a CPU loop
// can compute the same bit, and backward can recompute the forward's mask instead of storing it.
// Reference: Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3" (SC 2011).
// Paper: §3 Unsupervised SimCSE (dropout masks are SimCSE's only data augmentation)
#pragma once

#include <cstdint>

#include "core/scalar.h"

namespace simcse {

struct Philox4 {
  uint32_t word[4];
};

// Ten rounds of the Philox bijection on a 128-bit counter under a 64-bit key.
SIMCSE_HOST_DEVICE inline Philox4 philox4x32_10(Philox4 counter, uint32_t key0, uint32_t key1) {
  const uint32_t multiplier0 = 0xD2511F53u, multiplier1 = 0xCD9E8D57u;
  const uint32_t weyl0 = 0x9E3779B9u, weyl1 = 0xBB67AE85u;  // golden ratio, sqrt(3) - 1
  for (int round = 0; round < 10; ++round) {
    uint64_t product0 = static_cast<uint64_t>(multiplier0) * counter.word[0];
    uint64_t product1 = static_cast<uint64_t>(multiplier1) * counter.word[2];
    uint32_t high0 = static_cast<uint32_t>(product0 >> 32), low0 = static_cast<uint32_t>(product0);
    uint32_t high1 = static_cast<uint32_t>(product1 >> 32), low1 = static_cast<uint32_t>(product1);
    counter = Philox4{{high1 ^ counter.word[1] ^ key0, low1, high0 ^ counter.word[3] ^ key1, low0}};
    key0 += weyl0;
    key1 += weyl1;
  }
  return counter;
}

// The 32 random bits for element `index` of the dropout call numbered `offset` under `seed`:
// counter = (index / 4, offset), key = seed, and lane index % 4 of the block.
SIMCSE_HOST_DEVICE inline uint32_t philox_bits(uint64_t seed, uint64_t offset, uint64_t index) {
  uint64_t block = index / 4;
  Philox4 counter{{static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32),
                   static_cast<uint32_t>(offset), static_cast<uint32_t>(offset >> 32)}};
  Philox4 bits = philox4x32_10(counter, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
  return bits.word[index % 4];
}

// An element is dropped when its 32 random bits fall below p * 2^32. Comparing integers (not floats)
// makes the decision exactly the same on every device.
inline uint32_t dropout_threshold(double probability) {
  double scaled = probability * 4294967296.0;
  return scaled >= 4294967295.0 ? 0xFFFFFFFFu : static_cast<uint32_t>(scaled);
}

}  // namespace simcse
