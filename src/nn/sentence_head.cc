// sentence_head.cc — pooling, concatenation, Dense layers and normalisation, as sentence-transformers
// runs its modules one after another.
// Paper: §3 (the [CLS] representation with an MLP), §6.3 (poolers), eq. (1) (cosine similarity)
#include "nn/sentence_head.h"

#include "core/error.h"
#include "ops/ops.h"

namespace simcse {

bool SentenceHead::needs_hidden_states() const {
  for (Pooler pooler : pooling)
    if (pooler_needs_hidden_states(pooler)) return true;
  return false;
}

bool SentenceHead::needs_bert_pooler() const {
  for (Pooler pooler : pooling)
    if (pooler == Pooler::cls) return true;
  return false;
}

bool SentenceHead::ends_with_normalize() const {
  return !layers.empty() && layers.back().kind == HeadLayer::Kind::normalize;
}

int64_t SentenceHead::dimension(int64_t hidden) const {
  SIMCSE_CHECK(!pooling.empty(), "a sentence head needs at least one pooler");
  int64_t width = hidden * static_cast<int64_t>(pooling.size());
  for (const HeadLayer& layer : layers) {
    if (layer.kind == HeadLayer::Kind::normalize) continue;
    SIMCSE_CHECK(layer.in_features() == width, layer.source, ": the Dense layer takes ", layer.in_features(),
                 " features but the modules before it give ", width, " (the modules' shapes do not chain)");
    width = layer.out_features();
  }
  return width;
}

Tensor SentenceHead::apply(const BertOutput& output) const {
  std::vector<Tensor> parts;
  for (Pooler pooler : pooling) parts.push_back(pool(pooler, output));  // each [batch, hidden]
  Tensor x = parts.size() == 1 ? parts[0] : concat(parts, /*axis=*/1);
  for (const HeadLayer& layer : layers) {
    if (layer.kind == HeadLayer::Kind::normalize) {
      x = l2_normalize(x);  // torch.nn.functional.normalize, as sentence-transformers' Normalize
      continue;
    }
    x = matmul(x, layer.weight, /*transpose_a=*/false, /*transpose_b=*/true);  // [batch, out]
    if (layer.bias.defined()) x = add(x, layer.bias);
    if (layer.activation) x = activation(x, *layer.activation);
  }
  return x;
}

std::string SentenceHead::describe() const {
  std::string text;
  for (size_t i = 0; i < pooling.size(); ++i) text += (i ? " + " : "") + std::string(pooler_name(pooling[i]));
  for (const HeadLayer& layer : layers) {
    if (layer.kind == HeadLayer::Kind::normalize) {
      text += " -> normalize";
      continue;
    }
    text += " -> dense " + std::to_string(layer.in_features()) + "->" + std::to_string(layer.out_features());
    if (layer.activation) text += std::string(" ") + activation_name(*layer.activation);
  }
  return text;
}

}  // namespace simcse
