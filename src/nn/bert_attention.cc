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

Tensor BertAttention::forward(const Tensor& hidden, const Tensor& attention_mask, const ForwardMode& mode,
                              bool causal) const {
  return attend(hidden, hidden, attention_mask, causal, mode);
}

Tensor BertAttention::cross_forward(const Tensor& hidden, const Tensor& memory, const Tensor& memory_mask,
                                    const ForwardMode& mode) const {
  SIMCSE_CHECK(memory.rank() == 3 && memory.dim(0) == hidden.dim(0) && memory.dim(2) == hidden.dim(2),
               "cross-attention: memory ", memory.shape(), " does not fit hidden ", hidden.shape());
  return attend(hidden, memory, memory_mask, /*causal=*/false, mode);
}

Tensor BertAttention::attend(const Tensor& hidden, const Tensor& memory, const Tensor& mask, bool causal,
                             const ForwardMode& mode) const {
  const int64_t batch = hidden.dim(0), seq = hidden.dim(1), width = hidden.dim(2);
  // [batch, len, hidden] -> [batch, len, heads, head_dim] -> [batch, heads, len, head_dim]
  auto split_heads = [&](const Tensor& x) {
    return permute(reshape(x, {batch, x.dim(1), heads, head_dim}), {0, 2, 1, 3});
  };
  Tensor q = split_heads(query.forward(hidden));  // [batch, heads, seq, head_dim]
  Tensor k = split_heads(key.forward(memory));    // [batch, heads, memory_len, head_dim]
  Tensor v = split_heads(value.forward(memory));

  Tensor scores = batched_matmul(q, k, /*transpose_a=*/false, /*transpose_b=*/true);  // [batch, heads, seq, memory_len]
  scores = scale(scores, static_cast<Scalar>(1.0 / std::sqrt(static_cast<double>(head_dim))));
  Tensor probs = masked_softmax(scores, mask, causal);  // padding (and future) keys get probability 0
  probs = mode.dropout(probs, attention_dropout);
  Tensor context = batched_matmul(probs, v);  // [batch, heads, seq, head_dim]
  context = reshape(permute(context, {0, 2, 1, 3}), {batch, seq, width});  // heads merged: [batch, seq, hidden]

  Tensor projected = mode.dropout(output.forward(context), hidden_dropout);
  return output_norm.forward(add(projected, hidden));  // residual, then LayerNorm (post-LN)
}

}  // namespace simcse
