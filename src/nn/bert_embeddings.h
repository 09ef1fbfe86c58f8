// bert_embeddings.h — BERT's input layer: each token's vector is the sum of a word embedding,
// an absolute position embedding and a segment (token type) embedding, then LayerNorm and
// dropout. hidden_states[0] of the model is this layer's output. RoBERTa's is the same layer with
// other position ids (position_ids below).
// Paper: none (the encoder; SimCSE uses BERT and RoBERTa unchanged, §3)
#pragma once

#include <cstdint>
#include <vector>

#include "nn/bert_config.h"
#include "nn/modules.h"

namespace simcse {

// The position of every token of a [batch, seq_len] row-major id array. BERT: 0 .. seq_len-1 in
// every row. RoBERTa (transformers' create_position_ids_from_input_ids): a padding token (id
// pad_token_id) gets pad_token_id; the k-th other token of its row (k = 1, 2, ...) gets
// pad_token_id + k, so positions skip padding wherever it stands (left padding included).
std::vector<int32_t> position_ids(const std::vector<int32_t>& input_ids, int64_t batch, int64_t seq_len,
                                  const BertConfig& config);

struct BertEmbeddings {
  Tensor word_embeddings;        // [vocab_size, hidden]
  Tensor position_embeddings;    // [max_position_embeddings, hidden]
  Tensor token_type_embeddings;  // [type_vocab_size, hidden]
  LayerNorm norm;
  double dropout_probability = 0.1;
  BertConfig config;  // the model type and pad_token_id choose the position ids

  BertEmbeddings() = default;
  BertEmbeddings(ParameterStore& store, const ParameterSource& source, const BertConfig& config);

  // input_ids and token_type_ids are [batch, seq] row-major host ids -> [batch, seq, hidden].
  Tensor forward(const std::vector<int32_t>& input_ids, const std::vector<int32_t>& token_type_ids, int64_t batch,
                 int64_t seq_len, const ForwardMode& mode) const;
};

}  // namespace simcse
