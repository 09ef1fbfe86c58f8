// bert_config.h — BERT's (and RoBERTa's) hyper-parameters with config.json's names and transformers'
// defaults; what this encoder cannot honour is an error naming the file and the field.
// Paper: none (the encoder; SimCSE uses BERT and RoBERTa unchanged, §3)
#pragma once

// Unsupported: a model_type other than "bert" and "roberta", relative position embeddings, a decoder, hidden_size not
// divisible by the head count, an activation other than gelu, gelu_new and relu. Refused: sizes
// over the limits of io/input_limits.h (a dimension over int32, more than 4096 layers, a model of
// more than 2^36 parameters), so a config can never make a size computation overflow.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/shape.h"

namespace simcse {

// config.json's model_type. RoBERTa is BERT's encoder with three differences, all switched on this:
// position ids count from pad_token_id + 1 over the non-padding tokens (BertEmbeddings), the
// checkpoint prefix is "roberta." (bert_checkpoint.h), and the MLM head is RobertaLMHead (simcse_model.h).
enum class ModelType { bert, roberta };

struct BertConfig {
  ModelType model_type = ModelType::bert;
  int64_t vocab_size = 30522;
  int64_t hidden_size = 768;
  int64_t num_hidden_layers = 12;
  int64_t num_attention_heads = 12;
  int64_t intermediate_size = 3072;
  std::string hidden_act = "gelu";  // gelu (erf), gelu_new (tanh approximation) or relu
  double hidden_dropout_prob = 0.1;
  double attention_probs_dropout_prob = 0.1;
  int64_t max_position_embeddings = 512;
  int64_t type_vocab_size = 2;
  double layer_norm_eps = 1e-12;
  int64_t pad_token_id = 0;  // RoBERTa: 1 (transformers' RobertaConfig), also its position ids' padding_idx
  double initializer_range = 0.02;  // std of the normal initialisation (random_bert_parameters)

  int64_t head_dim() const { return hidden_size / num_attention_heads; }
  // "bert" or "roberta": config.json's model_type, and the prefix of SimCSE's training checkpoints.
  const char* model_type_name() const { return model_type == ModelType::roberta ? "roberta" : "bert"; }
  // The longest sequence the position embeddings can number: max_position_embeddings for BERT;
  // for RoBERTa, whose ids run pad_token_id + 1 .. pad_token_id + length, that minus pad_token_id + 1
  // (roberta-base: 514 - 2 = 512).
  int64_t max_sequence_length() const {
    return model_type == ModelType::roberta ? max_position_embeddings - pad_token_id - 1 : max_position_embeddings;
  }

  // The name and shape of every parameter BertModel registers for this config, in transformers'
  // order, without allocating any: load_bert compares a checkpoint with it before building.
  std::vector<std::pair<std::string, Shape>> parameter_shapes(bool with_pooler) const;

  // Throws simcse::Error, naming `source`, for anything this encoder cannot run.
  void validate(const std::string& source) const;

  // Fields absent from the JSON keep transformers' defaults (above); `source` names the file in errors.
  static BertConfig from_json(const nlohmann::json& json, const std::string& source);
  static BertConfig from_file(const std::string& path);
  // config.json as transformers' AutoConfig reads it (model_type "bert", architectures BertModel;
  // or "roberta", RobertaModel).
  nlohmann::json to_json() const;
};

}  // namespace simcse
