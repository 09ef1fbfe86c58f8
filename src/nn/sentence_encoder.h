// sentence_encoder.h — what a sentence-embedding model is, seen from outside: a function from
// sentences to their vectors. Training evaluates the model it trains through one, `simcse eval`
// through one loaded from disk, tests through a model-free one; the evaluation code takes this
// type and never a BERT, so it scores any of them the same way.
// Paper: §1 (sentence embeddings compared by cosine), §6.1 (evaluated without fine-tuning)
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace simcse {

// Embeds a batch of sentences: returns [sentences.size(), hidden] (on the CPU).
using SentenceEncoder = std::function<Tensor(const std::vector<std::string>& sentences)>;

}  // namespace simcse
