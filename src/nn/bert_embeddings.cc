// bert_embeddings.cc — word + token type + position embeddings, LayerNorm, dropout; in the
// order transformers adds them, so the float32 sums round the same way; BERT's and RoBERTa's
// position ids.
// Paper: none (the encoder; SimCSE uses BERT and RoBERTa unchanged, §3)
#include "nn/bert_embeddings.h"

#include "ops/ops.h"

namespace simcse {

std::vector<int32_t> position_ids(const std::vector<int32_t>& input_ids, int64_t batch, int64_t seq_len,
                                  const BertConfig& config) {
  std::vector<int32_t> positions(static_cast<size_t>(batch * seq_len));
  const auto pad = static_cast<int32_t>(config.pad_token_id);
  for (int64_t row = 0; row < batch; ++row) {
    int32_t tokens_so_far = 0;  // RoBERTa: cumsum(input_ids != pad) along the row
    for (int64_t i = row * seq_len; i < (row + 1) * seq_len; ++i) {
      if (config.model_type == ModelType::bert) {
        positions[i] = static_cast<int32_t>(i - row * seq_len);
      } else {
        positions[i] = input_ids[i] == pad ? pad : pad + ++tokens_so_far;
      }
    }
  }
  return positions;
}

BertEmbeddings::BertEmbeddings(ParameterStore& store, const ParameterSource& source, const BertConfig& config)
    : word_embeddings(add_parameter(store, source, "embeddings.word_embeddings.weight",
                                    {config.vocab_size, config.hidden_size})),
      position_embeddings(add_parameter(store, source, "embeddings.position_embeddings.weight",
                                        {config.max_position_embeddings, config.hidden_size})),
      token_type_embeddings(add_parameter(store, source, "embeddings.token_type_embeddings.weight",
                                          {config.type_vocab_size, config.hidden_size})),
      norm(store, source, "embeddings.LayerNorm", config.hidden_size, config.layer_norm_eps),
      dropout_probability(config.hidden_dropout_prob),
      config(config) {}

Tensor BertEmbeddings::forward(const std::vector<int32_t>& input_ids, const std::vector<int32_t>& token_type_ids,
                               int64_t batch, int64_t seq_len, const ForwardMode& mode) const {
  const Shape ids_shape{batch, seq_len};
  const std::vector<int32_t> positions_of_tokens = position_ids(input_ids, batch, seq_len, config);
  Tensor words = embedding(word_embeddings, input_ids, ids_shape);              // [batch, seq, hidden]
  Tensor types = embedding(token_type_embeddings, token_type_ids, ids_shape);   // [batch, seq, hidden]
  Tensor positions = embedding(position_embeddings, positions_of_tokens, ids_shape);  // [batch, seq, hidden]
  Tensor sum = add(add(words, types), positions);
  return mode.dropout(norm.forward(sum), dropout_probability);
}

}  // namespace simcse
