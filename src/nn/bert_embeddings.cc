// bert_embeddings.cc — word + token type + position embeddings, LayerNorm, dropout; in the
// order transformers adds them, so the float32 sums round the same way.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "nn/bert_embeddings.h"

#include "ops/ops.h"

namespace simcse {

BertEmbeddings::BertEmbeddings(ParameterStore& store, const ParameterSource& source, const BertConfig& config)
    : word_embeddings(add_parameter(store, source, "embeddings.word_embeddings.weight",
                                    {config.vocab_size, config.hidden_size})),
      position_embeddings(add_parameter(store, source, "embeddings.position_embeddings.weight",
                                        {config.max_position_embeddings, config.hidden_size})),
      token_type_embeddings(add_parameter(store, source, "embeddings.token_type_embeddings.weight",
                                          {config.type_vocab_size, config.hidden_size})),
      norm(store, source, "embeddings.LayerNorm", config.hidden_size, config.layer_norm_eps),
      dropout_probability(config.hidden_dropout_prob) {}

Tensor BertEmbeddings::forward(const std::vector<int32_t>& input_ids, const std::vector<int32_t>& token_type_ids,
                               int64_t batch, int64_t seq_len, const ForwardMode& mode) const {
  const Shape ids_shape{batch, seq_len};
  // Absolute positions 0 .. seq_len-1, the same for every sentence of the batch.
  std::vector<int32_t> position_ids(static_cast<size_t>(batch * seq_len));
  for (int64_t i = 0; i < batch * seq_len; ++i) position_ids[i] = static_cast<int32_t>(i % seq_len);

  Tensor words = embedding(word_embeddings, input_ids, ids_shape);              // [batch, seq, hidden]
  Tensor types = embedding(token_type_embeddings, token_type_ids, ids_shape);   // [batch, seq, hidden]
  Tensor positions = embedding(position_embeddings, position_ids, ids_shape);   // [batch, seq, hidden]
  Tensor sum = add(add(words, types), positions);
  return mode.dropout(norm.forward(sum), dropout_probability);
}

}  // namespace simcse
