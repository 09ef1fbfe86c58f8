// bert_decoder.cc — the tied decoder's forward pass (backward comes from the ops).
// Paper: TSDAE §3 (the decoder)
#include "nn/bert_decoder.h"

#include "ops/ops.h"

namespace simcse {

BertDecoder::BertDecoder(const BertModel& encoder, const ParameterSource& source) : config_(encoder.config()) {
  const ParameterSource shared = [&encoder](const std::string& name, const Shape&) {
    return encoder.parameters().get(name);
  };
  embeddings_ = BertEmbeddings(tied_, shared, config_);
  for (int64_t i = 0; i < config_.num_hidden_layers; ++i) {
    const std::string layer = "encoder.layer." + std::to_string(i);
    layers_.push_back({BertLayer(tied_, shared, config_, layer),
                       BertAttention(own_, source, config_, "bert." + layer + ".crossattention")});
  }
  transform = Linear(own_, source, "cls.predictions.transform.dense", config_.hidden_size, config_.hidden_size);
  transform_norm = LayerNorm(own_, source, "cls.predictions.transform.LayerNorm", config_.hidden_size,
                             config_.layer_norm_eps);
  output_bias = add_parameter(own_, source, "cls.predictions.bias", {config_.vocab_size});
}

Tensor BertDecoder::forward(const std::vector<int32_t>& input_ids, int64_t batch, int64_t seq, const Tensor& memory,
                            const Tensor& memory_mask, const ForwardMode& mode) const {
  const std::vector<int32_t> segment(input_ids.size(), 0);
  Tensor hidden = embeddings_.forward(input_ids, segment, batch, seq, mode);  // [batch, seq, hidden]
  for (const Layer& layer : layers_) {
    hidden = layer.tied.attention.forward(hidden, Tensor(), mode, /*causal=*/true);
    hidden = layer.cross.cross_forward(hidden, memory, memory_mask, mode);
    hidden = layer.tied.feed_forward(hidden, mode);
  }
  // BertLMPredictionHead: transform (dense, activation, LayerNorm), then the word embeddings as the
  // output matrix plus the head's own bias. [batch, seq, vocab]
  const Activation act = activation_from_name(config_.hidden_act);
  Tensor transformed = transform_norm.forward(activation(transform.forward(hidden), act));
  return add(matmul(transformed, embeddings_.word_embeddings, false, /*transpose_b=*/true), output_bias);
}

}  // namespace simcse
