// bert_attention.h — BERT's multi-head self-attention sub-layer with its padding mask, output
// projection, residual and LayerNorm, as transformers' BertAttention; with the causal mask and as
// cross-attention for a decoder (BertLMHeadModel with is_decoder and add_cross_attention: TSDAE).
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

//   Q, K, V = x Wq^T + bq, x Wk^T + bk, x Wv^T + bv, split into heads   [batch, heads, seq, head_dim]
//   P = softmax(Q K^T / sqrt(head_dim) + (1 - mask) * lowest)           [batch, heads, seq, seq]
//   context = dropout(P) V, heads merged back                            [batch, seq, hidden]
//   out = LayerNorm(dropout(context Wo^T + bo) + x)                      (post-LN residual)
// Padding keys get probability 0, so a sentence's vectors do not depend on how much padding its
// batch needed.

#include "nn/bert_config.h"
#include "nn/modules.h"

namespace simcse {

struct BertAttention {
  Linear query, key, value;  // each [hidden, hidden]
  Linear output;             // [hidden, hidden]
  LayerNorm output_norm;
  int64_t heads = 0, head_dim = 0;
  double attention_dropout = 0.1, hidden_dropout = 0.1;

  BertAttention() = default;
  // `prefix` is "encoder.layer.<i>.attention".
  BertAttention(ParameterStore& store, const ParameterSource& source, const BertConfig& config,
                const std::string& prefix);

  // Self-attention: hidden [batch, seq, hidden], attention_mask [batch, seq] (1 = token, 0 = padding;
  // undefined = none). causal (a decoder's): position i attends only to positions <= i.
  Tensor forward(const Tensor& hidden, const Tensor& attention_mask, const ForwardMode& mode,
                 bool causal = false) const;
  // Cross-attention (a decoder's "crossattention" sub-layer): the queries come from hidden [batch,
  // seq, hidden], the keys and values from the encoder's memory [batch, memory_len, hidden], with
  // memory_mask [batch, memory_len]; the residual and LayerNorm are on hidden, as in self-attention.
  Tensor cross_forward(const Tensor& hidden, const Tensor& memory, const Tensor& memory_mask,
                       const ForwardMode& mode) const;

 private:
  // The sub-layer with queries from `hidden`, keys and values from `memory` (hidden itself for
  // self-attention).
  Tensor attend(const Tensor& hidden, const Tensor& memory, const Tensor& mask, bool causal,
                const ForwardMode& mode) const;
};

}  // namespace simcse
