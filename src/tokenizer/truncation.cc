// truncation.cc — Hugging Face's "longest_first" truncation of a sentence pair, in closed form.
// Paper: none (tokenization; SimCSE trains with max length 32, Appendix A)
#include "tokenizer/truncation.h"

#include <algorithm>
#include <utility>

#include "core/error.h"

namespace simcse {

PairLengths longest_first_lengths(int64_t first_length, int64_t second_length, int64_t budget) {
  SIMCSE_CHECK(first_length >= 0 && second_length >= 0 && budget >= 0,
               "longest_first_lengths: negative length or budget");
  if (first_length + second_length <= budget) return {first_length, second_length};

  // Work with (shorter, longer) and swap back at the end, as the reference does.
  const bool first_is_longer = first_length > second_length;
  int64_t shorter = std::min(first_length, second_length);
  int64_t longer = std::max(first_length, second_length);
  // Cut only the longer sentence if that leaves it at least as long as the shorter one...
  longer = shorter > budget ? shorter : std::max(shorter, budget - shorter);
  // ...otherwise split the budget evenly.
  if (shorter + longer > budget) {
    shorter = budget / 2;
    longer = shorter + budget % 2;
  }
  if (first_is_longer) return {longer, shorter};
  return {shorter, longer};
}

}  // namespace simcse
