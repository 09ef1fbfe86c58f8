// sentence_encoder.h — what the evaluation needs from a model: a function from sentences to
// embeddings. STS, the transfer tasks and the analysis take this function, not a BERT, so they run
// on any encoder: the BERT + pooler of `simcse eval`, embeddings computed elsewhere and stored
// in a .npy (precomputed_encoder), or a model-free baseline in tests and notebooks.
// Paper: §6.1 Evaluation setup (sentence embeddings compared without fine-tuning the encoder)
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace simcse {

// Embeds a batch of sentences: returns [sentences.size(), hidden] (on the CPU).
using SentenceEncoder = std::function<Tensor(const std::vector<std::string>& sentences)>;

// SentEval's batch size for embedding (params.batch_size, 128 in SimCSE's evaluation.py).
constexpr int64_t kSentEvalBatchSize = 128;

// Embeds every sentence once (duplicates share a row), in batches of `batch_size` taken shortest
// first as SentEval sorts to save padding, and returns [sentences.size(), hidden] in input order.
// The encoder's output shape is checked; a wrong one is an error saying what came back.
Tensor embed_sentences(const SentenceEncoder& encoder, const std::vector<std::string>& sentences,
                       int64_t batch_size = kSentEvalBatchSize);

// An encoder that looks sentences up in stored embeddings: row i of `embeddings_npy` (float32 or
// float64, [n, hidden]) belongs to line i of `sentences_file` (as `simcse encode` writes them).
// A sentence not in the file is an error quoting it.
SentenceEncoder precomputed_encoder(const std::string& sentences_file, const std::string& embeddings_npy);

}  // namespace simcse
