// word_deletion.cc — TSDAE's deletion noise.
// Paper: TSDAE §3
#include "simcse/word_deletion.h"

#include <vector>

#include "core/philox.h"
#include "tokenizer/basic_tokenizer.h"

namespace simcse {

std::string delete_words(const std::string& text, double deletion_ratio, uint64_t seed, uint64_t offset,
                         uint64_t first_number) {
  const BasicTokenizer splitter(/*lowercase=*/false);
  WordList words;
  splitter.split(text, words);
  const size_t count = words.size();
  if (count == 0) return text;
  // keep_or_not = rand(n) > del_ratio, one uniform number in [0, 1) per word
  std::vector<bool> keep(count);
  bool any = false;
  for (size_t w = 0; w < count; ++w) {
    const double uniform = philox_bits(seed, offset, first_number + w) / 4294967296.0;
    keep[w] = uniform > deletion_ratio;
    any = any || keep[w];
  }
  if (!any) keep[philox_bits(seed, offset, first_number + count) % count] = true;  // one word always remains
  std::string damaged;
  for (size_t w = 0; w < count; ++w) {
    if (!keep[w]) continue;
    if (!damaged.empty()) damaged += ' ';
    damaged += words[w];
  }
  return damaged;
}

}  // namespace simcse
