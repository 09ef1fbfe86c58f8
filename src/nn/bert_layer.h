// bert_layer.h — one transformer layer of BERT, as transformers' BertLayer: self-attention
// (nn/bert_attention.h), then the position-wise feed-forward network.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

//   out = LayerNorm(dropout(act(x W1^T + b1) W2^T + b2) + x)   W1 [intermediate, hidden], W2 [hidden, intermediate]
// with act the config's hidden_act (gelu, gelu_new or relu).

#include "backend/backend.h"
#include "nn/bert_attention.h"

namespace simcse {

struct BertLayer {
  BertAttention attention;
  Linear intermediate;  // [intermediate_size, hidden]
  Linear output;        // [hidden, intermediate_size]
  LayerNorm output_norm;
  Activation activation = Activation::gelu;
  double hidden_dropout = 0.1;

  BertLayer() = default;
  // `prefix` is "encoder.layer.<i>".
  BertLayer(ParameterStore& store, const ParameterSource& source, const BertConfig& config, const std::string& prefix);

  // hidden [batch, seq, hidden] -> [batch, seq, hidden]
  Tensor forward(const Tensor& hidden, const Tensor& attention_mask, const ForwardMode& mode) const;
  // The position-wise feed-forward half alone, on the attention's output (a decoder puts its
  // cross-attention between the two halves).
  Tensor feed_forward(const Tensor& attended, const ForwardMode& mode) const;
};

}  // namespace simcse
