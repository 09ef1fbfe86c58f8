// bert_layer.cc — attention, then the feed-forward network, each with its residual and LayerNorm.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "nn/bert_layer.h"

#include "ops/ops.h"

namespace simcse {

BertLayer::BertLayer(ParameterStore& store, const ParameterSource& source, const BertConfig& config,
                     const std::string& prefix)
    : attention(store, source, config, prefix + ".attention"),
      intermediate(store, source, prefix + ".intermediate.dense", config.hidden_size, config.intermediate_size),
      output(store, source, prefix + ".output.dense", config.intermediate_size, config.hidden_size),
      output_norm(store, source, prefix + ".output.LayerNorm", config.hidden_size, config.layer_norm_eps),
      activation(activation_from_name(config.hidden_act)),
      hidden_dropout(config.hidden_dropout_prob) {}

Tensor BertLayer::forward(const Tensor& hidden, const Tensor& attention_mask, const ForwardMode& mode) const {
  return feed_forward(attention.forward(hidden, attention_mask, mode), mode);
}

Tensor BertLayer::feed_forward(const Tensor& attended, const ForwardMode& mode) const {
  Tensor expanded = simcse::activation(intermediate.forward(attended), activation);  // [batch, seq, intermediate]
  Tensor projected = mode.dropout(output.forward(expanded), hidden_dropout);         // [batch, seq, hidden]
  return output_norm.forward(add(projected, attended));
}

}  // namespace simcse
