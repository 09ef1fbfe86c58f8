// token_index.cc — insertion, lookup and growth of the open-addressing token table.
// Paper: none (tokenization; SimCSE uses BERT's tokenizer unchanged, §3)
#include "tokenizer/token_index.h"

#include <functional>

#include "core/error.h"

namespace simcse {
namespace {

uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

}  // namespace

int32_t TokenIndex::find(std::string_view key) const {
  if (slots_.empty()) return kNotFound;
  const uint64_t hash = hash_of(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == kNotFound) return kNotFound;
    if (slot.hash == hash && key_of(slot) == key) return slot.id;
  }
}

bool TokenIndex::insert(std::string_view key, int32_t id) {
  SIMCSE_CHECK(id >= 0, "TokenIndex: ids must be non-negative, got ", id);
  if (find(key) != kNotFound) return false;
  if (2 * (size_ + 1) > slots_.size()) grow();
  SIMCSE_CHECK(keys_.size() + key.size() <= UINT32_MAX, "TokenIndex: vocabulary text exceeds 4 GiB");
  const uint64_t hash = hash_of(key);
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].id != kNotFound) i = (i + 1) & mask;
  slots_[i] = Slot{hash, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size()), id};
  keys_.append(key);
  ++size_;
  if (key.size() > longest_key_) longest_key_ = key.size();
  return true;
}

void TokenIndex::grow() {
  std::vector<Slot> old_slots(slots_.empty() ? 16 : 2 * slots_.size());
  old_slots.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old_slots) {
    if (slot.id == kNotFound) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].id != kNotFound) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace simcse
