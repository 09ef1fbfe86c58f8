// bert_attention.cc — the self-attention sub-layer's forward pass (backward comes from the ops).
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "nn/bert_attention.h"

#include <cmath>

#include "ops/ops.h"

namespace simcse {

BertAttention::BertAttention(ParameterStore& store, const ParameterSource& source, const BertConfig& config,
                             const std::string& prefix)
    : query(store, source, prefix + ".self.query", config.hidden_size, config.hidden_size),
      key(store, source, prefix + ".self.key", config.hidden_size, config.hidden_size),
      value(store, source, prefix + ".self.value", config.hidden_size, config.hidden_size),
      output(store, source, prefix + ".output.dense", config.hidden_size, config.hidden_size),
      output_norm(store, source, prefix + ".output.LayerNorm", config.hidden_size, config.layer_norm_eps),
      heads(config.num_attention_heads),
      head_dim(config.head_dim()),
      attention_dropout(config.attention_probs_dropout_prob),
      hidden_dropout(config.hidden_dropout_prob) {}

Tensor BertAttention::forward(const Tensor& hidden, const Tensor& attention_mask, const ForwardMode& mode) const {
  const int64_t batch = hidden.dim(0), seq = hidden.dim(1), width = hidden.dim(2);
  // [batch, seq, hidden] -> [batch, seq, heads, head_dim] -> [batch, heads, seq, head_dim]
  auto split_heads = [&](const Tensor& x) { return permute(reshape(x, {batch, seq, heads, head_dim}), {0, 2, 1, 3}); };
  Tensor q = split_heads(query.forward(hidden));
  Tensor k = split_heads(key.forward(hidden));
  Tensor v = split_heads(value.forward(hidden));

  Tensor scores = batched_matmul(q, k, /*transpose_a=*/false, /*transpose_b=*/true);  // [batch, heads, seq, seq]
  scores = scale(scores, static_cast<Scalar>(1.0 / std::sqrt(static_cast<double>(head_dim))));
  Tensor probs = masked_softmax(scores, attention_mask);  // padding keys get probability 0
  probs = mode.dropout(probs, attention_dropout);
  Tensor context = batched_matmul(probs, v);  // [batch, heads, seq, head_dim]
  context = reshape(permute(context, {0, 2, 1, 3}), {batch, seq, width});  // heads merged: [batch, seq, hidden]

  Tensor projected = mode.dropout(output.forward(context), hidden_dropout);
  return output_norm.forward(add(projected, hidden));  // residual, then LayerNorm (post-LN)
}

}  // namespace simcse
