// byte_level_bpe.cc — GPT-2's byte table, the merge table with its checks, and the merge loop.
// Paper: none (tokenization; RoBERTa checkpoints use GPT-2's byte-level BPE, §3)
#include "tokenizer/byte_level_bpe.h"

#include <functional>
#include <queue>

#include "core/error.h"
#include "tokenizer/utf8.h"

namespace simcse {

char32_t byte_to_unicode(unsigned char byte) {
  const auto printable = [](unsigned b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
  if (printable(byte)) return byte;
  char32_t next = 256;  // the non-printable bytes are numbered from U+0100 in byte order
  for (unsigned b = 0; b < byte; ++b) next += !printable(b);
  return next;
}

ByteLevelBpe::ByteLevelBpe(const Vocabulary& vocab, const std::vector<BpeMerge>& merges,
                           const std::string& vocab_source) {
  for (unsigned byte = 0; byte < 256; ++byte) {
    std::string symbol;
    utf8::append(symbol, byte_to_unicode(static_cast<unsigned char>(byte)));
    byte_ids_[byte] = vocab.id_of(symbol);
    SIMCSE_CHECK(byte_ids_[byte] != Vocabulary::kNotFound, vocab_source, ": no token \"", symbol, "\" for byte ",
                 byte, " (a byte-level BPE vocabulary holds all 256 byte symbols)");
  }
  std::unordered_map<uint64_t, size_t> first_seen;  // pair -> index of its merge, for the duplicate message
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const BpeMerge& merge = merges[rank];
    const auto id_of = [&](const std::string& token) {
      const int32_t id = vocab.id_of(token);
      SIMCSE_CHECK(id != Vocabulary::kNotFound, merge.where, ": the merge \"", merge.left, " ", merge.right,
                   "\" names \"", token, "\", which is not a token of ", vocab_source);
      return id;
    };
    const int32_t left_id = id_of(merge.left), right_id = id_of(merge.right);
    const int32_t merged_id = id_of(merge.left + merge.right);
    const auto [previous, inserted] = first_seen.emplace(pair_key(left_id, right_id), rank);
    SIMCSE_CHECK(inserted, merge.where, ": the merge \"", merge.left, " ", merge.right, "\" repeats ",
                 merges[previous->second].where);
    merges_.emplace(pair_key(left_id, right_id), Merge{static_cast<int32_t>(rank), merged_id});
  }
}

const ByteLevelBpe::Merge* ByteLevelBpe::find_merge(int32_t left_id, int32_t right_id) const {
  const auto found = merges_.find(pair_key(left_id, right_id));
  return found == merges_.end() ? nullptr : &found->second;
}

void ByteLevelBpe::append_ids(std::string_view piece, std::vector<int32_t>& ids) const {
  // The symbols, one per byte at first, as a doubly linked list so that a merge costs O(1).
  struct Symbol {
    int32_t id;          // -1 once merged into its left neighbour
    int32_t prev, next;  // neighbours' indices, -1 at the ends
  };
  const auto size = static_cast<int32_t>(piece.size());
  std::vector<Symbol> symbols(piece.size());
  for (int32_t i = 0; i < size; ++i) {
    symbols[i] = {byte_ids_[static_cast<unsigned char>(piece[i])], i - 1, i + 1 < size ? i + 1 : -1};
  }

  // Candidate merges of adjacent pairs: the lowest rank first, the leftmost of equal ranks first.
  // This is the GPT-2 rule "merge the best-ranked pair, repeat" in O(n log n), as Hugging Face
  // tokenizers runs it. A merge changes its neighbours' pairs, which are queued anew; entries for
  // pairs that no longer exist are recognised when they come out and skipped.
  struct Candidate {
    int32_t rank, left, merged_id;  // left: index of the pair's left symbol
    bool operator>(const Candidate& other) const {
      return rank != other.rank ? rank > other.rank : left > other.left;
    }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  const auto queue_pair = [&](int32_t left) {
    const int32_t right = symbols[left].next;
    if (right < 0) return;
    if (const Merge* merge = find_merge(symbols[left].id, symbols[right].id)) {
      queue.push({merge->rank, left, merge->merged_id});
    }
  };
  for (int32_t i = 0; i + 1 < size; ++i) queue_pair(i);

  while (!queue.empty()) {
    const Candidate best = queue.top();
    queue.pop();
    Symbol& left = symbols[best.left];
    if (left.id < 0 || left.next < 0) continue;  // stale: the left symbol was merged away, or is now last
    const Merge* current = find_merge(left.id, symbols[left.next].id);
    if (current == nullptr || current->merged_id != best.merged_id) continue;  // stale: a side changed

    Symbol& right = symbols[left.next];
    left.id = best.merged_id;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = best.left;
    right.id = -1;
    if (left.prev >= 0) queue_pair(left.prev);  // (previous, merged)
    queue_pair(best.left);                      // (merged, next)
  }
  for (int32_t i = size > 0 ? 0 : -1; i >= 0; i = symbols[i].next) ids.push_back(symbols[i].id);
}

}  // namespace simcse
