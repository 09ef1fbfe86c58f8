// truncation.h — how many tokens of each sentence survive when an encoded sentence (pair) must
// fit in max_length. Pairs follow Hugging Face tokenizers' "longest_first" strategy, so the
// lengths match BertTokenizerFast(..., truncation=True, max_length=N) token for token.
// Paper: none (tokenization; SimCSE trains with max length 32, Appendix A)
#pragma once

#include <cstdint>

namespace simcse {

struct PairLengths {
  int64_t first = 0, second = 0;
};

// `budget` = max_length minus the special tokens. The shorter sentence keeps all its tokens when
// the longer one can absorb the cut and stay at least as long; otherwise both are cut to half the
// budget, the odd token going to the longer sentence (to the second when they are equally long).
PairLengths longest_first_lengths(int64_t first_length, int64_t second_length, int64_t budget);

}  // namespace simcse
