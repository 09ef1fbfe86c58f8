// bert_sentence_encoder.h — the SentenceEncoder of a BERT checkpoint: SimCSE's batcher in
// evaluation.py (tokenise the re-joined sentence, run BERT without gradients, apply the pooler).
// The training loop builds one around the model it is training; `simcse eval` and `simcse
// analyze` around a EmbeddingModel opened from a model directory (eval/embedding_model.h).
// Paper: §6.1 Evaluation setup; §6.3 (poolers)
#pragma once

#include <memory>
#include <string>

#include "eval/embed_sentences.h"
#include "eval/embedding_model.h"
#include "nn/bert_model.h"
#include "nn/poolers.h"
#include "tokenizer/tokenizer.h"

namespace simcse {

// Embeds with `model` and `tokenizer`, which must outlive the encoder; sentences longer than
// max_length tokens are truncated (BERT reads at most max_position_embeddings).
SentenceEncoder bert_sentence_encoder(const BertModel& model, const Tokenizer& tokenizer, Pooler pooler,
                                      int max_length);

// Embeds with a model opened from its directory (its head, its tokenizer), truncating at the
// model's own length limit (EmbeddingModel::default_max_length); the encoder shares the model.
SentenceEncoder embedding_model_encoder(std::shared_ptr<const EmbeddingModel> model);

}  // namespace simcse
