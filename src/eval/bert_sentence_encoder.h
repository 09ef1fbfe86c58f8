// bert_sentence_encoder.h — the SentenceEncoder of a BERT checkpoint: SimCSE's batcher in
// evaluation.py (tokenise the re-joined sentence, run BERT without gradients, apply the pooler).
// The training loop builds one around the model it is training; `simcse eval` and `simcse
// analyze` load one from a Hugging Face model directory.
// Paper: §6.1 Evaluation setup; §6.3 (poolers)
#pragma once

#include <memory>
#include <string>

#include "eval/embed_sentences.h"
#include "nn/bert_model.h"
#include "nn/poolers.h"
#include "tokenizer/bert_tokenizer.h"

namespace simcse {

// Embeds with `model` and `tokenizer`, which must outlive the encoder; sentences longer than
// max_length tokens are truncated (BERT reads at most max_position_embeddings).
SentenceEncoder bert_sentence_encoder(const BertModel& model, const BertTokenizer& tokenizer, Pooler pooler,
                                      int max_length);

// Loads DIR (config.json, model.safetensors or pytorch_model.bin, vocab.txt) and returns an
// encoder that owns the model (its parameters on `device`) and tokenizer, truncating at
// max_position_embeddings.
SentenceEncoder load_bert_sentence_encoder(const std::string& model_dir, const std::string& pooler_name,
                                           Device device = Device::cpu);

}  // namespace simcse
