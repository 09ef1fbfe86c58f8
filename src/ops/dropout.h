// dropout.h — inverted dropout with masks from Philox4x32-10 (core/philox.h).
// A RandomStream hands each dropout call a fresh `offset`; element i of that call keeps or drops by
// philox_bits(seed, offset, i). The mask is never stored: backward recomputes it from the same
// (seed, offset), and a GPU backend given the same stream drops the same units as the CPU.
// Paper: §3 Unsupervised SimCSE — passing a sentence twice through the encoder with two dropout
// masks (p = 0.1) gives the positive pair of eq. (4).
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace simcse {

struct RandomStream {
  uint64_t seed = 0;
  uint64_t next_offset = 0;  // saved with a training checkpoint, so a resumed run draws the same masks
  // This process's part of a data-parallel batch (its rank): tensors whose leading axis is the
  // batch count their elements from shard * numel, so every rank draws other masks, and the ones
  // a single process would draw for the same rows. 0 in one process.
  uint64_t shard = 0;
  uint64_t take() { return next_offset++; }
};

// Zeroes each element with probability p and scales the survivors by 1 / (1 - p); p in [0, 1).
// Only call it in training mode; p = 0 returns x itself (no op recorded, no offset used).
Tensor dropout(const Tensor& x, double probability, RandomStream& stream);

}  // namespace simcse
