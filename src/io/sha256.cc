// sha256.cc — the SHA-256 compression function over 64-byte blocks, streamed.
// Paper: none (infrastructure: reproducibility records)
#include "io/sha256.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>

#include "core/error.h"

namespace simcse {

namespace {

constexpr std::array<uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

uint32_t rotate_right(uint32_t x, int bits) { return (x >> bits) | (x << (32 - bits)); }

class Sha256 {
 public:
  void update(const unsigned char* data, size_t size) {
    for (size_t i = 0; i < size; ++i) {
      block_[block_size_++] = data[i];
      if (block_size_ == 64) compress();
    }
    total_bytes_ += size;
  }

  std::string hex_digest() {
    const uint64_t total_bits = total_bytes_ * 8;
    const unsigned char one_bit = 0x80, zero = 0;
    update(&one_bit, 1);
    while (block_size_ != 56) update(&zero, 1);
    for (int shift = 56; shift >= 0; shift -= 8) {
      const unsigned char byte = static_cast<unsigned char>(total_bits >> shift);
      update(&byte, 1);
    }
    std::string hex;
    char digits[9];
    for (uint32_t word : state_) {
      std::snprintf(digits, sizeof digits, "%08x", word);
      hex += digits;
    }
    return hex;
  }

 private:
  void compress() {
    uint32_t schedule[64];
    for (int t = 0; t < 16; ++t)
      schedule[t] = uint32_t{block_[4 * t]} << 24 | uint32_t{block_[4 * t + 1]} << 16 |
                    uint32_t{block_[4 * t + 2]} << 8 | uint32_t{block_[4 * t + 3]};
    for (int t = 16; t < 64; ++t) {
      const uint32_t s0 = rotate_right(schedule[t - 15], 7) ^ rotate_right(schedule[t - 15], 18) ^ (schedule[t - 15] >> 3);
      const uint32_t s1 = rotate_right(schedule[t - 2], 17) ^ rotate_right(schedule[t - 2], 19) ^ (schedule[t - 2] >> 10);
      schedule[t] = schedule[t - 16] + s0 + schedule[t - 7] + s1;
    }
    uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4], f = state_[5], g = state_[6],
             h = state_[7];
    for (int t = 0; t < 64; ++t) {
      const uint32_t sum1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
      const uint32_t choose = (e & f) ^ (~e & g);
      const uint32_t temp1 = h + sum1 + choose + kRoundConstants[t] + schedule[t];
      const uint32_t sum0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
      const uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
      h = g, g = f, f = e, e = d + temp1, d = c, c = b, b = a, a = temp1 + sum0 + majority;
    }
    const uint32_t updated[8] = {a, b, c, d, e, f, g, h};
    for (int i = 0; i < 8; ++i) state_[i] += updated[i];
    block_size_ = 0;
  }

  std::array<uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char block_[64];
  size_t block_size_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace

std::string sha256_of_bytes(const std::string& bytes) {
  Sha256 hash;
  hash.update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return hash.hex_digest();
}

std::string sha256_of_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  SIMCSE_CHECK(file.good(), "cannot read ", path, " to hash it");
  Sha256 hash;
  char buffer[1 << 16];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0)
    hash.update(reinterpret_cast<const unsigned char*>(buffer), static_cast<size_t>(file.gcount()));
  return hash.hex_digest();
}

}  // namespace simcse
