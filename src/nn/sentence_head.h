// sentence_head.h — what turns BERT's token vectors into one sentence vector: a pooler (or several,
// concatenated), then Dense layers and L2 normalisation in the order a sentence-transformers
// model lists them (modules.json). A SimCSE checkpoint's head is one pooler; all-MiniLM-L6-v2's is
// mean pooling then Normalize; a sentence-transformers save of SimCSE's `cls` pooler is the [CLS]
// vector then a Dense layer with tanh (BERT's pooler, written as sentence-transformers says it).
// Paper: §3 (the [CLS] representation with an MLP), §6.3 (poolers), eq. (1) (cosine similarity)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nn/bert_model.h"
#include "nn/poolers.h"
#include "ops/activation.h"

namespace simcse {

// One layer after the pooling: sentence-transformers' Dense (y = activation(x W^T + b)) or Normalize.
struct HeadLayer {
  enum class Kind { dense, normalize };
  Kind kind = Kind::normalize;
  Tensor weight;                         // dense: [out, in], as torch.nn.Linear stores it
  Tensor bias;                           // dense: [out]; undefined when the layer has none
  std::optional<Activation> activation;  // dense: none = identity
  std::string source;                    // the folder it came from, for messages

  int64_t in_features() const { return weight.dim(1); }
  int64_t out_features() const { return weight.dim(0); }
};

struct SentenceHead {
  std::vector<Pooler> pooling = {Pooler::cls};  // concatenated in this order, [batch, hidden * count]
  std::vector<HeadLayer> layers;                // applied in order after the pooling

  // The head of a SimCSE checkpoint: one pooler, nothing after it.
  static SentenceHead of_pooler(Pooler pooler) { return SentenceHead{{pooler}, {}}; }

  bool needs_hidden_states() const;
  bool needs_bert_pooler() const;  // Pooler::cls reads BERT's own pooler output
  bool ends_with_normalize() const;
  // The width of the sentence vectors for a BERT of width `hidden`; an error naming the layer
  // whose input does not match what comes before it.
  int64_t dimension(int64_t hidden) const;
  // The sentence vectors of one forward pass: [batch, dimension(hidden)].
  Tensor apply(const BertOutput& output) const;
  // "avg -> normalize", "cls_before_pooler -> dense 768->768 tanh": for messages and logs.
  std::string describe() const;
};

}  // namespace simcse
