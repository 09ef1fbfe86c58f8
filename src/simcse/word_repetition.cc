// word_repetition.cc — ESimCSE's word repetition on token ids, and its use on a SimCSE batch.
// Paper: ESimCSE §3.1 (word repetition)
#include "simcse/word_repetition.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/philox.h"
#include "simcse/random_streams.h"

namespace simcse {

namespace {

// A number in [0, n) from 32 random bits (multiply-shift: the top bits of bits * n).
int64_t uniform_below(uint32_t bits, int64_t n) {
  return static_cast<int64_t>((static_cast<uint64_t>(bits) * static_cast<uint64_t>(n)) >> 32);
}

}  // namespace

std::vector<int32_t> repeat_words(const std::vector<int32_t>& ids, double dup_rate, uint64_t seed, uint64_t offset,
                                  uint64_t first_number) {
  const int64_t length = static_cast<int64_t>(ids.size());  // L, [CLS] and [SEP] included
  const int64_t choices = std::min<int64_t>(10, static_cast<int64_t>(std::floor(dup_rate * static_cast<double>(length))));
  if (choices <= 0 || length < 3) return ids;
  // random.randrange(n); never more positions than the L - 2 ordinary tokens.
  const int64_t dup_len = std::min(uniform_below(philox_bits(seed, offset, first_number), choices), length - 2);
  // random.sample(range(1, L - 1), dup_len): the first dup_len slots of a Fisher-Yates shuffle.
  std::vector<int64_t> candidates(static_cast<size_t>(length - 2));
  std::iota(candidates.begin(), candidates.end(), 1);
  for (int64_t k = 0; k < dup_len; ++k) {
    const int64_t pick = k + uniform_below(philox_bits(seed, offset, first_number + 1 + k),
                                           static_cast<int64_t>(candidates.size()) - k);
    std::swap(candidates[k], candidates[pick]);
  }
  std::vector<bool> doubled(static_cast<size_t>(length), false);
  for (int64_t k = 0; k < dup_len; ++k) doubled[candidates[k]] = true;
  std::vector<int32_t> repeated;
  repeated.reserve(static_cast<size_t>(length + dup_len));
  for (int64_t i = 0; i < length; ++i) {
    if (doubled[i]) repeated.push_back(ids[i]);
    repeated.push_back(ids[i]);
  }
  return repeated;
}

void repeat_words_in_positives(TrainingBatch& batch, double dup_rate, uint64_t seed, uint64_t step, int32_t pad_id) {
  BertInput& input = batch.input;
  const int64_t per_example = batch.sentences_per_example;
  std::vector<std::vector<int32_t>> rows(static_cast<size_t>(input.batch));  // each row without padding
  int64_t longest = 0;
  for (int64_t r = 0; r < input.batch; ++r) {
    const auto first = input.input_ids.begin() + r * input.seq_len;
    const int64_t real = input.attention_mask.empty()
                             ? input.seq_len
                             : std::accumulate(input.attention_mask.begin() + r * input.seq_len,
                                               input.attention_mask.begin() + (r + 1) * input.seq_len, int64_t{0});
    rows[r].assign(first, first + real);
    if (r % per_example == 1)  // the positive of example r / per_example
      rows[r] = repeat_words(rows[r], dup_rate, seed, kWordRepetitionOffset + step,
                             static_cast<uint64_t>(r / per_example) * 16);
    longest = std::max<int64_t>(longest, static_cast<int64_t>(rows[r].size()));
  }
  // Single-segment sentences: token types all 0, attention on every real token.
  input.input_ids.assign(static_cast<size_t>(input.batch * longest), pad_id);
  input.token_type_ids.assign(static_cast<size_t>(input.batch * longest), 0);
  input.attention_mask.assign(static_cast<size_t>(input.batch * longest), 0);
  for (int64_t r = 0; r < input.batch; ++r) {
    std::copy(rows[r].begin(), rows[r].end(), input.input_ids.begin() + r * longest);
    std::fill_n(input.attention_mask.begin() + r * longest, rows[r].size(), 1);
  }
  input.seq_len = longest;
}

}  // namespace simcse
