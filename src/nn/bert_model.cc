// bert_model.cc — building BertModel from a ParameterSource, its forward pass, and the random
// initialisation.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "nn/bert_model.h"

#include <cmath>

#include "core/philox.h"
#include "ops/ops.h"

namespace simcse {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void check_input(const BertInput& input, const BertConfig& config) {
  const int64_t count = input.batch * input.seq_len;
  SIMCSE_CHECK(input.batch > 0 && input.seq_len > 0, "BertModel: empty batch [", input.batch, ", ", input.seq_len,
               "]");
  SIMCSE_CHECK(static_cast<int64_t>(input.input_ids.size()) == count, "BertModel: ", input.input_ids.size(),
               " input_ids for a batch of [", input.batch, ", ", input.seq_len, "]");
  SIMCSE_CHECK(input.token_type_ids.empty() || static_cast<int64_t>(input.token_type_ids.size()) == count,
               "BertModel: ", input.token_type_ids.size(), " token_type_ids for a batch of [", input.batch, ", ",
               input.seq_len, "]");
  SIMCSE_CHECK(input.attention_mask.empty() || static_cast<int64_t>(input.attention_mask.size()) == count,
               "BertModel: ", input.attention_mask.size(), " attention_mask values for a batch of [", input.batch,
               ", ", input.seq_len, "]");
  SIMCSE_CHECK(input.seq_len <= config.max_sequence_length(), "BertModel: sequences of ", input.seq_len,
               " tokens are longer than the ", config.max_sequence_length(), " positions of max_position_embeddings = ",
               config.max_position_embeddings,
               config.model_type == ModelType::roberta ? ", RoBERTa numbering tokens from pad_token_id + 1" : "",
               " (truncate them, e.g. with --max_length)");
  for (int32_t m : input.attention_mask)
    SIMCSE_CHECK(m == 0 || m == 1, "BertModel: attention_mask values must be 0 or 1, got ", m);
}

}  // namespace

BertModel::BertModel(const BertConfig& config, const ParameterSource& source, bool with_pooler)
    : config_(config), has_pooler_(with_pooler) {
  config_.validate("BertModel");
  embeddings_ = BertEmbeddings(parameters_, source, config_);
  for (int64_t i = 0; i < config_.num_hidden_layers; ++i)
    layers_.emplace_back(parameters_, source, config_, "encoder.layer." + std::to_string(i));
  if (has_pooler_) pooler_ = Linear(parameters_, source, "pooler.dense", config_.hidden_size, config_.hidden_size);
}

BertModel BertModel::without_pooler() const {
  return BertModel(
      config_, [this](const std::string& name, const Shape&) { return parameters_.get(name); }, false);
}

BertOutput BertModel::forward(const BertInput& input, const ForwardMode& mode, bool output_hidden_states) const {
  check_input(input, config_);
  const int64_t count = input.batch * input.seq_len;
  // Empty token types mean one segment; an empty mask means no padding (as transformers' defaults).
  const std::vector<int32_t> token_types =
      input.token_type_ids.empty() ? std::vector<int32_t>(count, 0) : input.token_type_ids;
  const std::vector<Scalar> mask_values =
      input.attention_mask.empty() ? std::vector<Scalar>(count, Scalar(1))
                                   : std::vector<Scalar>(input.attention_mask.begin(), input.attention_mask.end());

  BertOutput out;
  out.attention_mask = Tensor::from_vector({input.batch, input.seq_len}, mask_values, device());  // [batch, seq]
  // [batch, seq, hidden]
  Tensor hidden = embeddings_.forward(input.input_ids, token_types, input.batch, input.seq_len, mode);
  if (output_hidden_states) out.hidden_states.push_back(hidden);
  for (const BertLayer& layer : layers_) {
    hidden = layer.forward(hidden, out.attention_mask, mode);
    if (output_hidden_states) out.hidden_states.push_back(hidden);
  }
  out.last_hidden_state = hidden;
  if (has_pooler_) {
    Tensor cls = select(hidden, /*axis=*/1, /*index=*/0);  // [batch, hidden], the [CLS] token's vector
    out.pooler_output = tanh(pooler_.forward(cls));
  }
  return out;
}

ParameterSource random_bert_parameters(const BertConfig& config, uint64_t seed) {
  auto parameter_number = std::make_shared<uint64_t>(0);  // each parameter draws from its own Philox stream
  return [config, seed, parameter_number](const std::string& name, const Shape& shape) {
    const uint64_t stream = (*parameter_number)++;
    if (ends_with(name, "LayerNorm.weight")) return Tensor::full(shape, 1);
    if (ends_with(name, ".bias")) return Tensor::zeros(shape);
    // Box-Muller: two uniforms in (0, 1] and [0, 1) -> one standard normal.
    std::vector<Scalar> values(static_cast<size_t>(shape.numel()));
    for (size_t i = 0; i < values.size(); ++i) {
      const double u1 = (philox_bits(seed, stream, 2 * i) + 1.0) / 4294967296.0;
      const double u2 = philox_bits(seed, stream, 2 * i + 1) / 4294967296.0;
      const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
      values[i] = static_cast<Scalar>(config.initializer_range * normal);
    }
    // nn.Embedding(padding_idx=pad_token_id) zeroes that row; RoBERTa's position embeddings have it too.
    if (name == "embeddings.word_embeddings.weight" ||
        (config.model_type == ModelType::roberta && name == "embeddings.position_embeddings.weight")) {
      for (int64_t h = 0; h < shape[1]; ++h) values[config.pad_token_id * shape[1] + h] = 0;
    }
    return Tensor::from_vector(shape, values);
  };
}

}  // namespace simcse
