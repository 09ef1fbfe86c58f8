// poolers.cc — SimCSE's five poolers and sentence-transformers' four others over one BertOutput.
// Paper: §6.3 Ablation studies (poolers)
#include "nn/poolers.h"

#include "core/autograd.h"
#include "ops/ops.h"

namespace simcse {

namespace {

constexpr Pooler kAllPoolers[] = {Pooler::cls,           Pooler::cls_before_pooler, Pooler::avg,
                                  Pooler::avg_top2,      Pooler::avg_first_last,    Pooler::max,
                                  Pooler::mean_sqrt_len, Pooler::weighted_mean,     Pooler::last_token};

// mean over real tokens of (a + b) / 2, as evaluation.py: ((a + b) / 2.0 * mask).sum(1) / mask.sum(-1)
Tensor average_of_two_layers(const Tensor& a, const Tensor& b, const Tensor& mask) {
  return masked_mean(scale(add(a, b), Scalar(0.5)), mask);
}

// The mask [batch, seq] with each real token's weight replaced: by its position 1, 2, ...
// (weighted_mean: sentence-transformers' arange(1, seq + 1) weights), or by 1 for the last real
// token and 0 elsewhere (last_token: a one-hot "mean" is that token's vector, exactly).
Tensor reweighted_mask(const Tensor& mask, Pooler pooler) {
  const int64_t batch = mask.dim(0), seq = mask.dim(1);
  std::vector<Scalar> weights = mask.to_vector();
  for (int64_t b = 0; b < batch; ++b) {
    int64_t last = -1;
    for (int64_t s = 0; s < seq; ++s) {
      Scalar& weight = weights[b * seq + s];
      if (weight != 0) last = s;
      if (pooler == Pooler::weighted_mean) weight *= static_cast<Scalar>(s + 1);
      if (pooler == Pooler::last_token) weight = 0;
    }
    if (pooler == Pooler::last_token && last >= 0) weights[b * seq + last] = 1;
  }
  return Tensor::from_vector(mask.shape(), weights, mask.device());
}

}  // namespace

Pooler pooler_from_name(const std::string& name) {
  for (Pooler pooler : kAllPoolers)
    if (name == pooler_name(pooler)) return pooler;
  fail("unknown pooler '", name, "' (choose cls, cls_before_pooler, avg, avg_top2 or avg_first_last, as SimCSE's ",
       "evaluation.py; or max, mean_sqrt_len, weighted_mean or last_token, as sentence-transformers' Pooling)");
}

const char* pooler_name(Pooler pooler) {
  switch (pooler) {
    case Pooler::cls: return "cls";
    case Pooler::cls_before_pooler: return "cls_before_pooler";
    case Pooler::avg: return "avg";
    case Pooler::avg_top2: return "avg_top2";
    case Pooler::avg_first_last: return "avg_first_last";
    case Pooler::max: return "max";
    case Pooler::mean_sqrt_len: return "mean_sqrt_len";
    case Pooler::weighted_mean: return "weighted_mean";
    case Pooler::last_token: return "last_token";
  }
  return "?";
}

bool pooler_needs_hidden_states(Pooler pooler) {
  return pooler == Pooler::avg_top2 || pooler == Pooler::avg_first_last;
}

Tensor pool(Pooler pooler, const BertOutput& output) {
  const Tensor& last = output.last_hidden_state;  // [batch, seq, hidden]
  const Tensor& mask = output.attention_mask;     // [batch, seq]
  const std::vector<Tensor>& layers = output.hidden_states;
  if (pooler_needs_hidden_states(pooler))
    SIMCSE_CHECK(layers.size() >= 2, "pooler ", pooler_name(pooler),
                 " needs every hidden state: run forward with output_hidden_states = true");
  switch (pooler) {
    case Pooler::cls:
      SIMCSE_CHECK(output.pooler_output.defined(), "pooler cls needs the model's pooler (pooler.dense), which this ",
                   "model does not have; use cls_before_pooler");
      return output.pooler_output;
    case Pooler::cls_before_pooler: return select(last, /*axis=*/1, /*index=*/0);
    case Pooler::avg: return masked_mean(last, mask);
    case Pooler::avg_top2: return average_of_two_layers(layers[layers.size() - 1], layers[layers.size() - 2], mask);
    case Pooler::avg_first_last: return average_of_two_layers(layers[1], layers.back(), mask);
    case Pooler::max: return masked_max(last, mask);
    case Pooler::mean_sqrt_len: return masked_mean_sqrt_len(last, mask);
    case Pooler::weighted_mean:
    case Pooler::last_token: return masked_mean(last, reweighted_mask(mask, pooler));
  }
  fail("pool: unknown pooler");
}

Tensor sentence_embeddings(const BertModel& model, const BertInput& input, Pooler pooler) {
  NoGradGuard no_grad;
  return pool(pooler, model.forward(input, ForwardMode{}, pooler_needs_hidden_states(pooler)));
}

}  // namespace simcse
