// poolers.h — the five ways SimCSE's evaluation.py turns BERT's token vectors into one sentence
// vector, computed exactly as evaluation.py computes them (the paper's Table 6 compares them).
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

#include <string>

#include "nn/bert_model.h"

namespace simcse {

enum class Pooler { cls, cls_before_pooler, avg, avg_top2, avg_first_last };

Pooler pooler_from_name(const std::string& name);  // an error listing the five names otherwise
const char* pooler_name(Pooler pooler);
// Does the pooler read layers other than the last? (Then call forward with output_hidden_states.)
bool pooler_needs_hidden_states(Pooler pooler);

// The sentence vectors [batch, hidden] of one forward pass.
Tensor pool(Pooler pooler, const BertOutput& output);

// Inference in one call: the model's forward pass without a graph (NoGradGuard), keeping the
// hidden states only when the pooler reads them, then the pooler. Returns [batch, hidden].
Tensor sentence_embeddings(const BertModel& model, const BertInput& input, Pooler pooler);

}  // namespace simcse
