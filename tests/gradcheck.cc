// gradcheck.cc — `make gradcheck`: every differentiable op against central finite differences,
// in the double-precision build of the very sources that run in float.
//
// For an op f and fixed random weights W of f's output shape, the scalar L = sum(f(inputs) * W)
// has d L / d input = the op's backward applied to W. Backward gives the analytic gradient; the
// numerical one is (L(x + h e_i) - L(x - h e_i)) / 2h for sampled entries i. Per input tensor the
// error is max_i |analytic_i - numeric_i| / max_i |numeric_i| (normalised by the tensor's largest
// gradient, so entries whose true gradient is 0, like padding, cannot blow the ratio up; a tensor
// whose whole gradient is 0 is normalised by the case's largest gradient instead); the op's
// line reports the worst over its inputs and shapes. Shapes are drawn at random from awkward sizes
// (a single row, sizes that are not multiples of 8) and masks include padding.
// Prints "gradcheck <op> max_rel_err=<value> OK|FAIL"; exits 1 on any FAIL.
// Compiled a second time with -DSIMCSE_GRADCHECK_CUDA (tests/cuda/gradcheck, linked with the CUDA
// backend) it runs the same checks with every tensor on the cuda device and prints "gradcheck cuda:<op> ...".
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "ops/all_gather.h"
#include "ops/ops.h"
#include "simcse/contrastive_loss.h"
#include "simcse/word_repetition.h"
#include "simcse/cosine_similarity_loss.h"
#include "simcse/mnrl_loss.h"
#include "simcse/sentence_transformer_objective.h"
#include "simcse/tsdae_objective.h"
#include "simcse/simcse_model.h"

using namespace simcse;

namespace {

#ifdef SIMCSE_GRADCHECK_CUDA
constexpr Device kDevice = Device::cuda;
constexpr const char* kOpPrefix = "cuda:";
#else
constexpr Device kDevice = Device::cpu;
constexpr const char* kOpPrefix = "";
#endif

constexpr double kTolerance = 1e-6;
constexpr double kStep = 1e-6;
constexpr int kSamplesPerInput = 48;

using Forward = std::function<Tensor(const std::vector<Tensor>&)>;

struct GradCase {
  std::vector<Tensor> inputs;  // those with requires_grad are checked
  Forward forward;
};

std::mt19937_64 rng(20211107);

int64_t pick(std::initializer_list<int64_t> sizes) {
  std::vector<int64_t> options(sizes);
  return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng)];
}

// Values in [-range, range] kept at least `gap` away from 0 (ReLU's kink must stay out of reach of
// the finite-difference step).
Tensor random_tensor(const Shape& shape, double range = 1.0, double gap = 0.0, bool grad = true) {
  std::uniform_real_distribution<double> uniform(gap, range);
  std::vector<Scalar> values(static_cast<size_t>(shape.numel()));
  for (Scalar& v : values) v = (rng() & 1 ? 1 : -1) * uniform(rng);
  Tensor t = Tensor::from_vector(shape, values, kDevice);
  t.set_requires_grad(grad);
  return t;
}

// 1 = token, 0 = padding; position 0 (the [CLS] token) is always a token, as in BERT.
Tensor random_mask(int64_t batch, int64_t seq) {
  std::vector<Scalar> values(static_cast<size_t>(batch * seq));
  for (int64_t b = 0; b < batch; ++b) {
    int64_t length = std::uniform_int_distribution<int64_t>(1, seq)(rng);
    for (int64_t s = 0; s < seq; ++s) values[b * seq + s] = s < length ? 1 : 0;
  }
  return Tensor::from_vector({batch, seq}, values, kDevice);
}

double weighted_sum(const Tensor& output, const std::vector<Scalar>& weights) {
  std::vector<Scalar> values = output.to_vector();
  double total = 0;
  for (size_t i = 0; i < values.size(); ++i) total += static_cast<double>(values[i]) * weights[i];
  return total;
}

void set_value(const Tensor& t, int64_t index, Scalar value) {
  backend_for(t.device()).copy_from_host(t.data() + index, &value, 1);
}

double check_case(const GradCase& c) {
  Tensor output = c.forward(c.inputs);
  Tensor weights = random_tensor(output.shape(), 1.0, 0.0, false);
  std::vector<Scalar> weight_values = weights.to_vector();
  for (const Tensor& input : c.inputs) input.zero_grad();
  output.backward(weights);

  struct Measured {
    double largest_numeric = 0, largest_error = 0;
  };
  std::vector<Measured> measured;
  for (const Tensor& input : c.inputs) {
    if (!input.requires_grad()) continue;
    std::vector<Scalar> analytic = input.has_grad() ? input.grad().to_vector()
                                                    : std::vector<Scalar>(static_cast<size_t>(input.numel()), 0);
    std::vector<Scalar> original = input.to_vector();
    std::vector<int64_t> indices;
    if (input.numel() <= kSamplesPerInput) {
      for (int64_t i = 0; i < input.numel(); ++i) indices.push_back(i);
    } else {
      for (int s = 0; s < kSamplesPerInput; ++s)
        indices.push_back(std::uniform_int_distribution<int64_t>(0, input.numel() - 1)(rng));
    }
    Measured m;
    NoGradGuard no_grad;
    for (int64_t i : indices) {
      set_value(input, i, original[i] + kStep);
      double plus = weighted_sum(c.forward(c.inputs), weight_values);
      set_value(input, i, original[i] - kStep);
      double minus = weighted_sum(c.forward(c.inputs), weight_values);
      set_value(input, i, original[i]);
      double numeric = (plus - minus) / (2 * kStep);
      m.largest_numeric = std::max(m.largest_numeric, std::abs(numeric));
      m.largest_error = std::max(m.largest_error, std::abs(numeric - analytic[i]));
    }
    measured.push_back(m);
  }
  // A tensor whose gradient is zero up to rounding (BERT's attention key bias: softmax ignores a
  // constant added to a whole row of scores) has no relative error of its own; it is measured
  // against the largest gradient of the case instead.
  double case_largest = 1e-12;
  for (const Measured& m : measured) case_largest = std::max(case_largest, m.largest_numeric);
  double worst = 0;
  for (const Measured& m : measured) {
    const double scale = m.largest_numeric < 1e-6 * case_largest ? case_largest : m.largest_numeric;
    worst = std::max(worst, m.largest_error / scale);
  }
  return worst;
}

// ---- the cases: each op on three random shapes ---------------------------------------------

std::vector<GradCase> matmul_cases() {
  std::vector<GradCase> cases;
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      int64_t m = pick({1, 3, 7, 13}), k = pick({1, 5, 9}), n = pick({2, 6, 11});
      Tensor a = random_tensor(ta ? Shape{k, m} : Shape{m, k});
      Tensor b = random_tensor(tb ? Shape{n, k} : Shape{k, n});
      cases.push_back({{a, b}, [ta, tb](const auto& in) { return matmul(in[0], in[1], ta, tb); }});
    }
  // leading dims folded into rows, as a Linear layer on [batch, seq, hidden]
  int64_t batch = pick({1, 2, 3}), seq = pick({1, 5, 7}), in_width = pick({3, 9}), out_width = pick({4, 11});
  cases.push_back({{random_tensor({batch, seq, in_width}), random_tensor({out_width, in_width})},
                   [](const auto& in) { return matmul(in[0], in[1], false, true); }});
  return cases;
}

std::vector<GradCase> batched_matmul_cases() {
  std::vector<GradCase> cases;
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      int64_t batch = pick({1, 2, 3}), heads = pick({1, 3}), m = pick({1, 5, 7}), k = pick({2, 3, 9}),
              n = pick({1, 4, 6});
      Tensor a = random_tensor(ta ? Shape{batch, heads, k, m} : Shape{batch, heads, m, k});
      Tensor b = random_tensor(tb ? Shape{batch, heads, n, k} : Shape{batch, heads, k, n});
      cases.push_back({{a, b}, [ta, tb](const auto& in) { return batched_matmul(in[0], in[1], ta, tb); }});
    }
  return cases;
}

std::vector<GradCase> binary_cases(Tensor (*op)(const Tensor&, const Tensor&)) {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t rows = pick({1, 3, 7, 10}), cols = pick({1, 5, 9, 17});
    Shape shape = trial == 2 ? Shape{2, rows, cols} : Shape{rows, cols};
    cases.push_back({{random_tensor(shape), random_tensor(shape)}, [op](const auto& in) { return op(in[0], in[1]); }});
    cases.push_back({{random_tensor(shape), random_tensor({cols})}, [op](const auto& in) { return op(in[0], in[1]); }});
  }
  return cases;
}

std::vector<GradCase> unary_cases(Forward forward, double range = 3.0, double gap = 0.0) {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial)
    cases.push_back({{random_tensor({pick({1, 4, 7}), pick({1, 9, 13})}, range, gap)}, forward});
  return cases;
}

std::vector<GradCase> layer_norm_cases() {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t rows = pick({1, 3, 6}), cols = pick({2, 7, 13, 24});
    Scalar eps = trial == 0 ? Scalar(1e-12) : Scalar(1e-5);
    cases.push_back({{random_tensor({2, rows, cols}), random_tensor({cols}), random_tensor({cols})},
                     [eps](const auto& in) { return layer_norm(in[0], in[1], in[2], eps); }});
  }
  return cases;
}

// The tiny BERT the whole-objective checks train: 2 layers, 8 wide, initializer range 0.3 (so the
// sentence vectors differ and the cosines are not all ~1), dropout 0.1 as BERT's.
BertConfig objective_config(ModelType model_type = ModelType::bert) {
  BertConfig config;
  config.vocab_size = 23, config.hidden_size = 8, config.num_hidden_layers = 2, config.num_attention_heads = 2;
  config.intermediate_size = 12, config.max_position_embeddings = 16, config.initializer_range = 0.3;
  if (model_type == ModelType::roberta) {  // pad id 1, one segment, the tanh GELU
    config.model_type = model_type, config.pad_token_id = 1, config.type_vocab_size = 1;
    config.hidden_act = "gelu_new", config.layer_norm_eps = 1e-5;
  }
  return config;
}

std::vector<GradCase> masked_softmax_cases() {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t batch = pick({1, 2, 3}), heads = pick({1, 2, 3}), seq = pick({1, 4, 7});
    Tensor scores = random_tensor({batch, heads, seq, seq}, 4.0);
    Tensor mask = random_mask(batch, seq);
    cases.push_back({{scores, mask}, [](const auto& in) { return masked_softmax(in[0], in[1]); }});
    cases.push_back({{random_tensor({pick({1, 5}), pick({2, 9})}, 4.0)},
                     [](const auto& in) { return masked_softmax(in[0]); }});
  }
  return cases;
}

// A decoder's causal self-attention softmax, with and without a padding mask.
std::vector<GradCase> causal_softmax_cases() {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 2; ++trial) {
    const int64_t batch = pick({1, 2}), heads = pick({1, 3}), seq = pick({3, 6});
    cases.push_back({{random_tensor({batch, heads, seq, seq}, 4.0)},
                     [](const auto& in) { return masked_softmax(in[0], Tensor(), /*causal=*/true); }});
    cases.push_back({{random_tensor({batch, heads, seq, seq}, 4.0), random_mask(batch, seq)},
                     [](const auto& in) { return masked_softmax(in[0], in[1], /*causal=*/true); }});
  }
  return cases;
}

// Cross-attention as TSDAE's decoder uses it: queries from a [batch, seq, hidden] sequence, keys and
// values from a memory (one sentence vector, and a longer padded memory), with every weight of the
// sub-layer (the residual and LayerNorm included) checked too.
std::vector<GradCase> cross_attention_cases() {
  BertConfig config = objective_config();
  config.hidden_dropout_prob = 0, config.attention_probs_dropout_prob = 0;
  std::vector<GradCase> cases;
  for (int64_t memory_len : {1, 3}) {
    ParameterStore store;
    auto attention = std::make_shared<BertAttention>(store, random_bert_parameters(config, 14), config, "cross");
    std::vector<Tensor> inputs = {random_tensor({2, 5, config.hidden_size}), random_tensor({2, memory_len, config.hidden_size})};
    for (const auto& entry : store.all()) inputs.push_back(entry.second);
    const Tensor mask = memory_len == 1 ? Tensor::full(Shape{2, 1}, 1) : random_mask(2, memory_len);
    cases.push_back({inputs, [attention, mask](const auto& in) {
                       return attention->cross_forward(in[0], in[1], mask, ForwardMode{});
                     }});
  }
  return cases;
}

std::vector<GradCase> dropout_cases() {
  std::vector<GradCase> cases;
  for (double p : {0.1, 0.5}) {
    // A fresh stream per call: every evaluation draws the same mask, so f is deterministic.
    cases.push_back({{random_tensor({pick({1, 7}), pick({9, 33})})}, [p](const auto& in) {
                       RandomStream stream{42, 7};
                       return dropout(in[0], p, stream);
                     }});
  }
  return cases;
}

std::vector<GradCase> embedding_cases() {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t vocab = pick({3, 7, 11}), width = pick({1, 5, 8}), batch = pick({1, 2}), seq = pick({3, 6});
    std::vector<int32_t> ids(static_cast<size_t>(batch * seq));
    for (int32_t& id : ids) id = std::uniform_int_distribution<int32_t>(0, static_cast<int32_t>(vocab) - 1)(rng);
    ids[0] = ids.back();  // a repeated id: its gradient rows must add up
    cases.push_back({{random_tensor({vocab, width})},
                     [ids, batch, seq](const auto& in) { return embedding(in[0], ids, Shape{batch, seq}); }});
  }
  return cases;
}

std::vector<GradCase> reshape_cases() {
  return {{{random_tensor({3, 4, 5})}, [](const auto& in) { return reshape(in[0], {4, -1}); }},
          {{random_tensor({7})}, [](const auto& in) { return reshape(in[0], {7, 1}); }}};
}

std::vector<GradCase> permute_cases() {
  return {{{random_tensor({2, 5, 3, 4})}, [](const auto& in) { return permute(in[0], {0, 2, 1, 3}); }},
          {{random_tensor({3, 7})}, [](const auto& in) { return permute(in[0], {1, 0}); }},
          {{random_tensor({2, 3, 5})}, [](const auto& in) { return permute(in[0], {2, 0, 1}); }}};
}

std::vector<GradCase> slice_cases() {
  return {{{random_tensor({3, 7, 5})}, [](const auto& in) { return select(in[0], 1, 0); }},  // the [CLS] row
          {{random_tensor({4, 2, 3})}, [](const auto& in) { return select(in[0], 1, 1); }},  // second view
          {{random_tensor({9, 6})}, [](const auto& in) { return slice(in[0], 0, 2, 5); }},
          {{random_tensor({2, 3, 8})}, [](const auto& in) { return slice(in[0], -1, 3, 4); }}};
}

std::vector<GradCase> concat_cases() {
  return {{{random_tensor({3, 5}), random_tensor({2, 5}), random_tensor({1, 5})},
           [](const auto& in) { return concat({in[0], in[1], in[2]}, 0); }},
          {{random_tensor({4, 3}), random_tensor({4, 7})}, [](const auto& in) { return concat({in[0], in[1]}, 1); }},
          {{random_tensor({2, 3, 2}), random_tensor({2, 1, 2})},
           [](const auto& in) { return concat({in[0], in[1]}, 1); }}};
}

// Random [batch, seq, width] inputs with random masks through one pooling op. (Random values have
// no ties, so masked_max is differentiable at every point checked.)
std::vector<GradCase> pooling_cases(Tensor (*op)(const Tensor&, const Tensor&)) {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t batch = pick({1, 3, 5}), seq = pick({1, 4, 9}), width = pick({2, 7, 16});
    cases.push_back({{random_tensor({batch, seq, width}), random_mask(batch, seq)},
                     [op](const auto& in) { return op(in[0], in[1]); }});
  }
  return cases;
}

std::vector<GradCase> cosine_matrix_cases() {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t n = pick({1, 4, 7}), m = pick({1, 5, 8}), width = pick({2, 9, 16});
    cases.push_back({{random_tensor({n, width}), random_tensor({m, width})},
                     [](const auto& in) { return cosine_matrix(in[0], in[1]); }});
  }
  return cases;
}

// all_gather_rows as rank 1 of 3 sees it: the other ranks' rows arrive as constants (another
// process computed them), this rank's rows carry the gradient. A stand-in world fills them in.
class ThreeRankWorldSeenFromRankOne final : public Communicator {
 public:
  int rank() const override { return 1; }
  int size() const override { return 3; }
  std::string describe() const override { return "rank 1 of 3 (stand-in)"; }
  void all_gather(const Scalar* local, Scalar* gathered, int64_t count, Device device) override {
    std::vector<Scalar> others(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) others[i] = static_cast<Scalar>(0.25 * std::sin(double(i)));
    for (int r : {0, 2}) backend_for(device).copy_from_host(gathered + r * count, others.data(), count);
    backend_for(device).copy(gathered + count, local, count);
  }
  void all_reduce_sum(Scalar*, int64_t, Device) override { fail("not used by all_gather_rows"); }
  void broadcast(Scalar*, int64_t, int, Device) override { fail("not used by all_gather_rows"); }
  int64_t all_reduce_max(int64_t value) override { return value; }
  std::vector<std::string> all_gather_text(const std::string& text) override { return {text, text, text}; }
};

std::vector<GradCase> all_gather_rows_cases() {
  static ThreeRankWorldSeenFromRankOne world;
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t rows = pick({1, 2, 4}), width = pick({2, 5, 8});
    // Through cosine_matrix, so every gathered row (this rank's and the others') shapes the output.
    cases.push_back({{random_tensor({rows, width}), random_tensor({3 * rows, width})},
                     [](const auto& in) { return cosine_matrix(all_gather_rows(in[0], world), in[1]); }});
  }
  return cases;
}

std::vector<GradCase> cross_entropy_cases() {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 3; ++trial) {
    int64_t rows = pick({1, 4, 9}), classes = pick({2, 5, 17});
    std::vector<int32_t> labels(static_cast<size_t>(rows));
    for (int32_t& label : labels) label = std::uniform_int_distribution<int32_t>(0, static_cast<int32_t>(classes) - 1)(rng);
    if (rows > 1) labels[1] = kIgnoreIndex;  // an MLM position that was not masked
    cases.push_back({{random_tensor({rows, classes}, 5.0)},
                     [labels](const auto& in) { return cross_entropy(in[0], labels); }});
  }
  return cases;
}

std::vector<GradCase> reduction_cases(Tensor (*op)(const Tensor&)) {
  return {{{random_tensor({pick({1, 3}), pick({5, 9})})}, [op](const auto& in) { return op(in[0]); }},
          {{random_tensor({10000})}, [op](const auto& in) { return op(in[0]); }}};  // several reduction blocks
}

// One tensor used three times: its gradient must be the sum over the uses.
std::vector<GradCase> reuse_cases() {
  return {{{random_tensor({4, 6})}, [](const auto& in) { return add(mul(in[0], in[0]), scale(in[0], 3)); }},
          {{random_tensor({5, 3})}, [](const auto& in) {
             Tensor gram = matmul(in[0], in[0], false, true);  // [5, 5], x used twice by one op
             return add(gram, matmul(in[0], in[0], false, true));
           }}};
}

// SimCSE's loss on pooled embeddings: unsupervised (two views) and supervised (hard negatives
// with a non-zero log-weight); the whole objective through BERT is checked separately.
std::vector<GradCase> contrastive_loss_cases() {
  std::vector<GradCase> cases;
  for (int trial = 0; trial < 2; ++trial) {
    int64_t batch = pick({1, 3, 5}), width = pick({4, 9, 16});
    cases.push_back({{random_tensor({batch, width}), random_tensor({batch, width})},
                     [](const auto& in) { return contrastive_loss(in[0], in[1], Tensor(), 0.05); }});
    cases.push_back({{random_tensor({batch, width}), random_tensor({batch, width}), random_tensor({batch, width})},
                     [](const auto& in) { return contrastive_loss(in[0], in[1], in[2], 0.05, 1.0); }});
  }
  return cases;
}

// The margin/scale form: each positive's cosine lowered by m, with and without hard negatives.
std::vector<GradCase> contrastive_loss_margin_cases() {
  std::vector<GradCase> cases;
  cases.push_back({{random_tensor({4, 6}), random_tensor({4, 6})},
                   [](const auto& in) { return contrastive_loss(in[0], in[1], Tensor(), 1.0 / 30, 0, 0.25); }});
  cases.push_back({{random_tensor({4, 6}), random_tensor({4, 6}), random_tensor({4, 6})},
                   [](const auto& in) { return contrastive_loss(in[0], in[1], in[2], 0.05, 0.5, 0.1); }});
  return cases;
}


// Random but fixed token ids, padding and segment ids for `examples` x `sentences_per_example` rows
// (RoBERTa: its pad id, also drawn inside sentences, whose positions then skip it; one segment).
TrainingBatch random_training_batch(int64_t examples, int64_t sentences_per_example,
                                    const BertConfig& config = objective_config()) {
  const bool roberta = config.model_type == ModelType::roberta;
  TrainingBatch batch;
  const int64_t rows = examples * sentences_per_example, seq = 7;
  batch.sentences_per_example = sentences_per_example;
  batch.input = {rows, seq, {}, {}, {}};
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t length = std::uniform_int_distribution<int64_t>(2, seq)(rng);
    for (int64_t s = 0; s < seq; ++s) {
      batch.input.input_ids.push_back(s < length ? std::uniform_int_distribution<int32_t>(1, 22)(rng)
                                                 : static_cast<int32_t>(config.pad_token_id));
      batch.input.token_type_ids.push_back(!roberta && s >= 4 && s < length ? 1 : 0);
      batch.input.attention_mask.push_back(s < length ? 1 : 0);
    }
  }
  return batch;
}

std::vector<Tensor> parameter_tensors(const TrainingObjective& objective) {
  std::vector<Tensor> parameters;
  for (const auto& entry : objective.named_parameters()) parameters.push_back(entry.second);
  return parameters;
}

// The whole SimCSE objective (paper eq. 1, 4, 5 and Appendix D) through a 2-layer BERT or RoBERTa:
// every parameter tensor of encoder, MLP and MLM head, sampled entries each. Dropout is on
// (p = 0.1); each evaluation starts a fresh RandomStream, so every evaluation draws the same masks
// and the objective is a deterministic function of the parameters. Token ids, padding, segment ids
// and the MLM corruption are random but fixed. RoBERTa: the erf GELU in RobertaLMHead.
std::vector<GradCase> simcse_objective_cases(int64_t sentences_per_example, bool do_mlm,
                                             ModelType model_type = ModelType::bert) {
  const BertConfig config = objective_config(model_type);
  SimcseSettings settings;
  settings.pooler_type = do_mlm ? Pooler::avg_first_last : Pooler::cls;
  settings.hard_negative_weight = sentences_per_example == 3 ? 0.7 : 0.0;
  settings.do_mlm = do_mlm;
  auto model = std::make_shared<SimcseModel>(BertModel(config, random_bert_parameters(config, 11), false), settings,
                                             random_bert_parameters(config, 12));
  TrainingBatch batch = random_training_batch(3, sentences_per_example, config);
  if (do_mlm) {
    batch.mlm_input_ids = batch.input.input_ids;
    batch.mlm_labels.assign(batch.input.input_ids.size(), kIgnoreIndex);
    for (size_t i = 1; i < batch.mlm_labels.size(); i += 3) {
      if (!batch.input.attention_mask[i]) continue;
      batch.mlm_labels[i] = batch.input.input_ids[i];
      batch.mlm_input_ids[i] = 4;  // the "[MASK]" id of this toy vocabulary
    }
  }
  return {{parameter_tensors(*model), [model, batch](const auto&) {
             RandomStream stream{2021};
             return model->cl_forward(batch, stream);
           }}};
}

// ESimCSE's differentiable part: SimCSE's loss on a batch whose positives repeat words (so the two
// views differ in length), with a queue of momentum vectors as extra negatives (constants). Also the
// bare loss with a queue.
std::vector<GradCase> esimcse_objective_cases() {
  const BertConfig config = objective_config(ModelType::bert);
  SimcseSettings settings;
  settings.pooler_type = Pooler::cls;
  auto model = std::make_shared<SimcseModel>(BertModel(config, random_bert_parameters(config, 13), false), settings,
                                             random_bert_parameters(config, 14));
  TrainingBatch batch = random_training_batch(3, 2, config);
  repeat_words_in_positives(batch, 0.9, 5, 0, 0);
  const Tensor queue = random_tensor({5, config.hidden_size}, 1.0, 0.0, /*grad=*/false);
  return {{parameter_tensors(*model), [model, batch, queue](const auto&) {
             RandomStream stream{2022};
             return model->cl_forward(batch, stream, single_process(), queue);
           }}};
}

std::vector<GradCase> contrastive_loss_queue_cases() {
  return {{{random_tensor({4, 6}), random_tensor({4, 6}), random_tensor({7, 6})},
           [](const auto& in) { return contrastive_loss(in[0], in[1], Tensor(), 0.05, 0, 0, in[2]); }}};
}

// MultipleNegativesRankingLoss on pairs, on triplets and in its symmetric form.
std::vector<GradCase> mnrl_loss_cases() {
  std::vector<GradCase> cases;
  for (bool symmetric : {false, true}) {
    cases.push_back({{random_tensor({4, 6}), random_tensor({4, 6})}, [symmetric](const auto& in) {
                       return multiple_negatives_ranking_loss(in[0], {in[1]}, 20, symmetric);
                     }});
    cases.push_back({{random_tensor({3, 5}), random_tensor({3, 5}), random_tensor({3, 5})}, [symmetric](const auto& in) {
                       return multiple_negatives_ranking_loss(in[0], {in[1], in[2]}, 7.5, symmetric);
                     }});
  }
  return cases;
}

std::vector<GradCase> cosine_similarity_loss_cases() {
  const std::vector<Scalar> scores = {Scalar(0.9), Scalar(0.1), Scalar(0.55), Scalar(0.3)};
  return {{{random_tensor({4, 6}), random_tensor({4, 6})},
           [scores](const auto& in) { return cosine_similarity_loss(in[0], in[1], scores); }}};
}

// The whole sentence-transformers objectives through the same BERT: MNRL (symmetric, on triplets)
// with mean pooling then Normalize, and CosineSimilarityLoss with mean pooling then a tanh Dense
// layer (whose weight and bias are parameters too).
std::vector<GradCase> sentence_transformer_objective_cases(SentenceTransformerSettings::Loss loss) {
  const BertConfig config = objective_config();
  SentenceTransformerSettings settings;
  settings.loss = loss;
  settings.symmetric = true;
  SentenceHead head = SentenceHead::of_pooler(Pooler::avg);
  if (loss == SentenceTransformerSettings::Loss::mnrl) {
    head.layers.push_back(HeadLayer{});  // Normalize
  } else {
    HeadLayer dense;
    dense.kind = HeadLayer::Kind::dense;
    dense.weight = random_tensor({5, config.hidden_size});
    dense.bias = random_tensor({5});
    dense.activation = Activation::tanh;
    head.layers.push_back(dense);
  }
  auto objective = std::make_shared<SentenceTransformerObjective>(
      BertModel(config, random_bert_parameters(config, 13), false), head, settings);
  const bool scored = loss == SentenceTransformerSettings::Loss::cosine_mse;
  const TrainingBatch batch = random_training_batch(3, scored ? 2 : 3);
  const std::vector<Scalar> scores = scored ? std::vector<Scalar>{Scalar(0.8), Scalar(0.2), Scalar(0.5)}
                                            : std::vector<Scalar>{};
  return {{parameter_tensors(*objective), [objective, batch, scores](const auto&) {
             RandomStream stream{2022};
             return objective->batch_loss(batch, scores, stream);
           }}};
}

// TSDAE's whole objective through the same BERT with dropout on: [CLS] pooling, the damaged batch
// through the encoder, the tied decoder (causal self-attention, cross-attention to the sentence
// vector, the LM head over the shared word embeddings) predicting the original batch. Every
// parameter: the encoder's (used twice), the cross-attention layers', the LM head's.
std::vector<GradCase> tsdae_objective_cases() {
  const BertConfig config = objective_config();
  auto objective = std::make_shared<TsdaeObjective>(BertModel(config, random_bert_parameters(config, 15), false),
                                                    SentenceHead::of_pooler(Pooler::cls_before_pooler), 0.6,
                                                    random_bert_parameters(config, 16));
  const TrainingBatch damaged = random_training_batch(3, 1), original = random_training_batch(3, 1);
  return {{parameter_tensors(*objective), [objective, damaged, original](const auto&) {
             RandomStream stream{2023};
             return objective->reconstruction_loss(damaged.input, original.input, stream);
           }}};
}

}  // namespace

int main() {
  struct Check {
    const char* op;
    std::vector<GradCase> cases;
  };
  std::vector<Check> checks = {
      {"matmul", matmul_cases()},
      {"batched_matmul", batched_matmul_cases()},
      {"add", binary_cases(add)},
      {"sub", binary_cases(sub)},
      {"mul", binary_cases(mul)},
      {"scale", unary_cases([](const auto& in) { return scale(in[0], Scalar(-2.5)); })},
      {"gelu", unary_cases([](const auto& in) { return gelu(in[0]); })},
      {"gelu_new", unary_cases([](const auto& in) { return gelu_new(in[0]); })},
      {"relu", unary_cases([](const auto& in) { return relu(in[0]); }, 3.0, 0.01)},
      {"tanh", unary_cases([](const auto& in) { return simcse::tanh(in[0]); })},
      {"layer_norm", layer_norm_cases()},
      {"masked_softmax", masked_softmax_cases()},
      {"dropout", dropout_cases()},
      {"embedding", embedding_cases()},
      {"reshape", reshape_cases()},
      {"permute", permute_cases()},
      {"slice", slice_cases()},
      {"concat", concat_cases()},
      {"masked_mean", pooling_cases(masked_mean)},
      {"masked_mean_sqrt_len", pooling_cases(masked_mean_sqrt_len)},
      {"masked_max", pooling_cases(masked_max)},
      {"l2_normalize", unary_cases([](const auto& in) { return l2_normalize(in[0]); })},
      {"cosine_matrix", cosine_matrix_cases()},
      {"cross_entropy", cross_entropy_cases()},
      {"all_gather_rows", all_gather_rows_cases()},
      {"sum", reduction_cases(sum)},
      {"mean", reduction_cases(mean)},
      {"reuse", reuse_cases()},
      {"contrastive_loss", contrastive_loss_cases()},
      {"contrastive_loss_margin", contrastive_loss_margin_cases()},
      {"mnrl_loss", mnrl_loss_cases()},
      {"cosine_similarity_loss", cosine_similarity_loss_cases()},
      {"masked_softmax_causal", causal_softmax_cases()},
  };
  if (kDevice == Device::cpu) {  // the model's parameters are created on the cpu
    checks.push_back({"simcse_unsup", simcse_objective_cases(2, false)});
    checks.push_back({"simcse_sup", simcse_objective_cases(3, false)});
    checks.push_back({"simcse_mlm", simcse_objective_cases(2, true)});
    checks.push_back({"simcse_roberta_unsup", simcse_objective_cases(2, false, ModelType::roberta)});
    checks.push_back({"simcse_roberta_sup", simcse_objective_cases(3, false, ModelType::roberta)});
    checks.push_back({"simcse_roberta_mlm", simcse_objective_cases(2, true, ModelType::roberta)});
    checks.push_back({"st_mnrl_symmetric", sentence_transformer_objective_cases(SentenceTransformerSettings::Loss::mnrl)});
    checks.push_back({"st_cosine_mse", sentence_transformer_objective_cases(SentenceTransformerSettings::Loss::cosine_mse)});
    checks.push_back({"cross_attention", cross_attention_cases()});
    checks.push_back({"tsdae", tsdae_objective_cases()});
    checks.push_back({"esimcse", esimcse_objective_cases()});
  }
  checks.push_back({"contrastive_loss_queue", contrastive_loss_queue_cases()});
  bool all_ok = true;
  std::printf("gradient checks in %s on %s, step %.0e, tolerance %.0e\n", scalar_name(),
              backend_for(kDevice).describe().c_str(), kStep, kTolerance);
  for (const Check& check : checks) {
    double worst = 0;
    for (const GradCase& c : check.cases) worst = std::max(worst, check_case(c));
    bool ok = worst <= kTolerance;  // a NaN error fails too
    all_ok = all_ok && ok;
    std::printf("gradcheck %s%s max_rel_err=%.3e %s\n", kOpPrefix, check.op, worst, ok ? "OK" : "FAIL");
  }
  return all_ok ? 0 : 1;
}
