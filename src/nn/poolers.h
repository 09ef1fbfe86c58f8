// poolers.h — the five ways SimCSE's evaluation.py turns BERT's token vectors into one sentence
// vector, computed exactly as evaluation.py computes them (the paper's Table 6 compares them), and
// the four more that sentence-transformers' Pooling module offers, as it computes them.
// Paper: §6.3 Ablation studies (poolers)
#pragma once

//   cls                the pooler output: tanh(W h_[CLS] + b)  (for checkpoints trained with the MLP)
//   cls_before_pooler  h_[CLS] of the last layer               (unsupervised SimCSE's choice at test time)
//   avg                masked mean of the last layer's tokens
//   avg_top2           masked mean of (last layer + second-to-last layer) / 2
//   avg_first_last     masked mean of (first transformer layer + last layer) / 2, where the first
//                      layer is hidden_states[1], not the embedding output hidden_states[0]
// Means are over real tokens only (attention_mask = 1): the two layers are averaged first, then
// summed over tokens and divided by the token count.
// sentence-transformers' modes (models/Pooling.py) on the last layer; its cls_token is
// cls_before_pooler and its mean_tokens is avg:
//   max                max over real tokens of each hidden unit        (pooling_mode_max_tokens)
//   mean_sqrt_len      masked sum / sqrt(token count)                  (pooling_mode_mean_sqrt_len_tokens)
//   weighted_mean      mean weighted by position 1, 2, ... (later tokens count more; for GPT-style
//                      models)                                         (pooling_mode_weightedmean_tokens)
//   last_token         the last real token ([SEP] for BERT)            (pooling_mode_lasttoken)

#include <string>

#include "nn/bert_model.h"

namespace simcse {

enum class Pooler { cls, cls_before_pooler, avg, avg_top2, avg_first_last, max, mean_sqrt_len, weighted_mean, last_token };

Pooler pooler_from_name(const std::string& name);  // an error listing the names otherwise
const char* pooler_name(Pooler pooler);
// Does the pooler read layers other than the last? (Then call forward with output_hidden_states.)
bool pooler_needs_hidden_states(Pooler pooler);

// The sentence vectors [batch, hidden] of one forward pass.
Tensor pool(Pooler pooler, const BertOutput& output);

// Inference in one call: the model's forward pass without a graph (NoGradGuard), keeping the
// hidden states only when the pooler reads them, then the pooler. Returns [batch, hidden].
Tensor sentence_embeddings(const BertModel& model, const BertInput& input, Pooler pooler);

}  // namespace simcse
