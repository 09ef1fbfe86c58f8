// embed_sentences.h — running a SentenceEncoder (nn/sentence_encoder.h) over the sentences of a task
// as SentEval does: each distinct sentence once, shortest first, in batches; and an encoder made
// of embeddings computed elsewhere and stored in a .npy (precomputed_encoder).
// Paper: §6.1 Evaluation setup (sentence embeddings compared without fine-tuning the encoder)
#pragma once

#include <string>
#include <vector>

#include "nn/sentence_encoder.h"

namespace simcse {

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
