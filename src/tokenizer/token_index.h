// token_index.h — a hash table from token text to id, looked up with a string_view so that
// WordPiece can probe every candidate piece of a word without building a std::string for it.
// Open addressing with linear probing; the table owns a copy of its keys, so it can be copied.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace simcse {

class TokenIndex {
 public:
  static constexpr int32_t kNotFound = -1;

  // Adds key -> id; returns false (and changes nothing) when key is already present.
  bool insert(std::string_view key, int32_t id);
  int32_t find(std::string_view key) const;
  size_t size() const { return size_; }
  // Byte length of the longest key: no longer candidate can be found, so none need be tried.
  size_t longest_key() const { return longest_key_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t key_offset = 0;  // into keys_
    uint32_t key_length = 0;
    int32_t id = kNotFound;  // kNotFound marks an empty slot
  };

  std::string_view key_of(const Slot& slot) const {
    return std::string_view(keys_).substr(slot.key_offset, slot.key_length);
  }
  void grow();

  std::string keys_;  // every key, back to back
  std::vector<Slot> slots_;  // a power-of-two number of slots, at most half full
  size_t size_ = 0;
  size_t longest_key_ = 0;
};

}  // namespace simcse
