// bert_model.h — BertModel, the encoder SimCSE fine-tunes, computing what transformers' BertModel
// computes: embeddings -> num_hidden_layers x BertLayer -> (optional) pooler tanh(W h_[CLS] + b).
// With config.model_type roberta it is transformers' RobertaModel (only the position ids differ).
// Paper: none (the encoder; SimCSE uses BERT and RoBERTa unchanged, §3)
#pragma once

// The model reads a tokenised batch (three int32 arrays, the tokenizer's EncodedBatch layout) and
// returns the last hidden state, on request every hidden state (hidden_states[0] = embeddings,
// hidden_states[i] = output of layer i), and the pooler output. Parameters live in one
// ParameterStore under their Hugging Face names, registered in the order transformers lists them.

#include <cstdint>
#include <vector>

#include "nn/bert_config.h"
#include "nn/bert_embeddings.h"
#include "nn/bert_layer.h"
#include "nn/modules.h"

namespace simcse {

// A tokenised, padded batch: the same fields as the tokenizer's EncodedBatch
// (tokenizer/bert_tokenizer.h), so one converts to the other by moving three vectors.
struct BertInput {
  int64_t batch = 0, seq_len = 0;
  std::vector<int32_t> input_ids;       // [batch, seq_len] row-major
  std::vector<int32_t> token_type_ids;  // [batch, seq_len]; empty = every token in segment 0
  std::vector<int32_t> attention_mask;  // [batch, seq_len], 1 = token, 0 = padding; empty = no padding
};

struct BertOutput {
  Tensor last_hidden_state;           // [batch, seq, hidden]
  std::vector<Tensor> hidden_states;  // num_hidden_layers + 1 tensors [batch, seq, hidden], when requested
  Tensor pooler_output;               // [batch, hidden]; undefined when the model has no pooler
  Tensor attention_mask;              // [batch, seq] as Scalars, 1 = token (what the poolers average over)
};

class BertModel {
 public:
  // Builds the model, taking each parameter's value from `source`. Without a pooler the model has
  // no "pooler.dense.*" parameters (SimCSE trains BERT that way and adds its own MLP).
  BertModel(const BertConfig& config, const ParameterSource& source, bool with_pooler = true);
  BertModel(BertModel&&) = default;
  BertModel& operator=(BertModel&&) = default;
  BertModel(const BertModel&) = delete;  // a copy would share the weights; say so by moving instead
  BertModel& operator=(const BertModel&) = delete;

  BertOutput forward(const BertInput& input, const ForwardMode& mode = {}, bool output_hidden_states = false) const;

  const BertConfig& config() const { return config_; }
  Device device() const { return embeddings_.word_embeddings.device(); }  // where every parameter lives
  bool has_pooler() const { return has_pooler_; }
  // A model sharing these weights (the same tensors) without BERT's pooler: SimCSE and
  // sentence-transformers train BertModel(add_pooling_layer=False) and put their own head there.
  BertModel without_pooler() const;
  const ParameterStore& parameters() const { return parameters_; }

 private:
  BertConfig config_;
  ParameterStore parameters_;  // declared before the modules, which register into it
  BertEmbeddings embeddings_;
  std::vector<BertLayer> layers_;
  Linear pooler_;  // "pooler.dense": [hidden, hidden]
  bool has_pooler_ = true;
};

// transformers' initialisation (BertPreTrainedModel._init_weights): weights ~ N(0, initializer_range),
// biases 0, LayerNorm gamma 1 and beta 0, the padding token's embedding row 0. The normal samples
// come from Philox (core/philox.h) by Box-Muller, so a seed gives the same model on every machine.
ParameterSource random_bert_parameters(const BertConfig& config, uint64_t seed);

}  // namespace simcse
