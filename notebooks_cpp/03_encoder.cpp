// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 3: BERT, layer by layer, and the five ways to pool it
//
// SimCSE does not change BERT: it fine-tunes `BertModel` as transformers defines it and reads a
// sentence vector off its output. This notebook loads a small BERT that transformers itself wrote
// (`tests/fixtures/encoder/odd_heads_gelu`: 2 layers, hidden size 18, 3 heads of 6 dimensions,
// feed-forward size 100, random weights) and follows four real STS-B sentences through it:
//
// 1. the checkpoint and the tokenised batch;
// 2. the embedding layer and one transformer layer, op by op, with the shapes;
// 3. the five SimCSE poolers, checked against transformers' own numbers;
// 4. why padding does not change a sentence's vector;
// 5. how alike the vectors of unrelated sentences are (the anisotropy of §5);
// 6. saving the model so transformers can load it;
// 7. RoBERTa: the same layers with another position rule.

// %%
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/bert_checkpoint.h"
#include "io/safetensors.h"
#include "nn/poolers.h"
#include "ops/ops.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/load_tokenizer.h"
#include "notebook.h"

using namespace simcse;

const std::string kModel = "tests/fixtures/encoder/odd_heads_gelu";

// A false claim ends the program with an error, so `make notebooks` fails instead of printing it.
double max_abs_difference(const Tensor& a, const Tensor& b) {
  const std::vector<Scalar> x = a.to_vector(), y = b.to_vector();
  double worst = a.shape() == b.shape() ? 0 : INFINITY;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) worst = std::max(worst, std::abs(double(x[i]) - y[i]));
  return worst;
}

void print_row(const char* label, const Tensor& matrix, int64_t row, int count = 6) {
  const std::vector<Scalar> values = matrix.to_vector();
  const int64_t width = matrix.dim(-1);
  std::printf("%-18s", label);
  for (int i = 0; i < count; ++i) std::printf(" %8.4f", static_cast<double>(values[row * width + i]));
  std::printf(" ...\n");
}

// %% [markdown]
// ## 1. The checkpoint and the batch
//
// A Hugging Face model directory holds `config.json` (the shapes), the weights (`model.safetensors`,
// or `pytorch_model.bin` as the released SimCSE checkpoints ship), and `vocab.txt`. `load_bert`
// builds the model from the config and fills every parameter by its Hugging Face name
// (`encoder.layer.0.attention.self.query.weight`, stored `[out, in]` exactly as PyTorch stores it).
//
// The tokenizer turns each sentence into `[CLS] pieces [SEP]`, pads the batch to its longest
// sentence with `[PAD]` (id 0), and marks real tokens with attention_mask = 1.

// %%
struct Batch {
  std::vector<std::string> sentences;
  BertInput input;
};

Batch section_checkpoint(const BertModel& model, const BertTokenizer& tokenizer) {
  cell_output();
  const BertConfig& config = model.config();
  std::printf("config: %lld layers, hidden %lld, %lld heads x %lld, intermediate %lld, %s, vocabulary %lld\n",
              (long long)config.num_hidden_layers, (long long)config.hidden_size,
              (long long)config.num_attention_heads, (long long)config.head_dim(),
              (long long)config.intermediate_size, config.hidden_act.c_str(), (long long)config.vocab_size);
  std::printf("parameters: %zu tensors, %lld numbers\n", model.parameters().all().size(),
              (long long)model.parameters().count_scalars());

  Batch batch;
  batch.sentences = {"a man with a hard hat is dancing .", "gaza rockets lands in ashkelon coast area ; none hurt",
                     "two dogs running in the snow",
                     "there are some cases \" status \" may be accounted of countable ."};
  EncodedBatch encoded = tokenizer.encode_batch(batch.sentences, 32);
  batch.input = {encoded.batch, encoded.seq_len, std::move(encoded.input_ids), std::move(encoded.token_type_ids),
                 std::move(encoded.attention_mask)};
  for (size_t s = 0; s < batch.sentences.size(); ++s) {
    std::printf("sentence %zu:", s);
    for (const std::string& piece : tokenizer.tokenize(batch.sentences[s])) std::printf(" %s", piece.c_str());
    std::printf("\n");
  }
  std::printf("padded batch [%lld, %lld]; row 2 ids:", (long long)batch.input.batch, (long long)batch.input.seq_len);
  const int64_t row_2 = 2 * batch.input.seq_len;
  for (int64_t t = 0; t < batch.input.seq_len; ++t) std::printf(" %d", batch.input.input_ids[row_2 + t]);
  std::printf("\n             row 2 mask:");
  for (int64_t t = 0; t < batch.input.seq_len; ++t)
    std::printf(" %d", batch.input.attention_mask[row_2 + t]);
  std::printf("\n");
  std::ifstream inputs_file(kModel + "/inputs.json");
  const nlohmann::json transformers_batch = nlohmann::json::parse(inputs_file);
  claim(transformers_batch["input_ids"].get<std::vector<int32_t>>() == batch.input.input_ids &&
            transformers_batch["attention_mask"].get<std::vector<int32_t>>() == batch.input.attention_mask,
        "the batch equals the one transformers' BertTokenizer made (inputs.json)");
  return batch;
}

// %% [markdown]
// ## 2. Inside the encoder
//
// **Embeddings.** Each token's vector is word embedding + token-type embedding + position
// embedding, then LayerNorm (and dropout when training): `[batch, seq]` ids become
// `[batch, seq, hidden]`. This is `hidden_states[0]`.
//
// **Self-attention** (one layer). Three Linear maps give queries, keys and values, each split into
// heads: `[batch, seq, hidden] → [batch, heads, seq, head_dim]`. Scores QKᵀ/√head_dim are
// `[batch, heads, seq, seq]`; BERT adds (1 − mask)·(lowest float) to the scores of padding keys, so
// after the softmax every query gives them probability exactly 0. The context P·V goes back to
// `[batch, seq, hidden]`, through a Linear, is added to the layer's input (the residual) and
// normalised: BERT is *post*-LayerNorm.
//
// **Feed-forward.** Linear up to the intermediate size, the activation (here GELU, erf form),
// Linear back down, residual, LayerNorm. The layer's output is `hidden_states[1]`.
//
// Below, the first layer is recomputed op by op from its parameters and compared with what
// `BertModel::forward` returned.

// %%
void section_inside(const BertModel& model, const Batch& batch, const BertOutput& output) {
  cell_output();
  const ParameterStore& p = model.parameters();
  const BertConfig& c = model.config();
  const int64_t b = batch.input.batch, s = batch.input.seq_len, h = c.hidden_size, heads = c.num_attention_heads,
                d = c.head_dim();
  auto linear = [&](const Tensor& x, const std::string& name) {
    return add(matmul(x, p.get(name + ".weight"), false, true), p.get(name + ".bias"));
  };
  auto norm = [&](const Tensor& x, const std::string& name) {
    return layer_norm(x, p.get(name + ".weight"), p.get(name + ".bias"), static_cast<Scalar>(c.layer_norm_eps));
  };
  std::printf("hidden_states: %zu tensors (embeddings + %lld layers), each %s\n", output.hidden_states.size(),
              (long long)c.num_hidden_layers, output.hidden_states[0].shape().str().c_str());

  const Tensor x = output.hidden_states[0];  // [batch, seq, hidden]
  auto heads_of = [&](const Tensor& t) { return permute(reshape(t, {b, s, heads, d}), {0, 2, 1, 3}); };
  const std::string layer = "encoder.layer.0";
  const Tensor q = heads_of(linear(x, layer + ".attention.self.query"));  // [batch, heads, seq, head_dim]
  const Tensor k = heads_of(linear(x, layer + ".attention.self.key"));
  const Tensor v = heads_of(linear(x, layer + ".attention.self.value"));
  const Tensor scores = scale(batched_matmul(q, k, false, true), static_cast<Scalar>(1 / std::sqrt(double(d))));
  const Tensor probs = masked_softmax(scores, output.attention_mask);  // [batch, heads, seq, seq]
  std::printf("queries %s, scores %s\n", q.shape().str().c_str(), scores.shape().str().c_str());

  const std::vector<Scalar> p_values = probs.to_vector();
  const int64_t row = (2 * heads + 1) * s * s;  // sentence 2 (padded), head 1, query token 0
  std::printf("attention of sentence 2's [CLS] (head 1) over the %lld positions:\n  ", (long long)s);
  double total = 0, on_padding = 0;
  for (int64_t key = 0; key < s; ++key) {
    std::printf(" %.3f", static_cast<double>(p_values[row + key]));
    total += p_values[row + key];
    if (batch.input.attention_mask[2 * s + key] == 0) on_padding += p_values[row + key];
  }
  std::printf("\n");
  claim(std::abs(total - 1) < 1e-5 && on_padding == 0, "each attention row sums to 1 and gives padding exactly 0");

  const Tensor context = reshape(permute(batched_matmul(probs, v), {0, 2, 1, 3}), {b, s, h});
  const Tensor attended = norm(add(linear(context, layer + ".attention.output.dense"), x),
                               layer + ".attention.output.LayerNorm");
  const Tensor expanded = gelu(linear(attended, layer + ".intermediate.dense"));  // [batch, seq, intermediate]
  const Tensor layer_output =
      norm(add(linear(expanded, layer + ".output.dense"), attended), layer + ".output.LayerNorm");
  std::printf("feed-forward inside: %s\n", expanded.shape().str().c_str());
  claim(max_abs_difference(layer_output, output.hidden_states[1]) < 1e-6,
        "the op-by-op layer equals hidden_states[1] from BertModel::forward");
}

// %% [markdown]
// ## 3. Five poolers
//
// SimCSE's `evaluation.py` offers five ways to read one vector per sentence (paper §6.3):
//
// | pooler | vector |
// |---|---|
// | `cls` | tanh(W·h[CLS] + b): BERT's pooler, which SimCSE's released checkpoints fill with the MLP trained on top |
// | `cls_before_pooler` | h[CLS] of the last layer (unsupervised SimCSE at test time: MLP only in training) |
// | `avg` | mean of the last layer over real tokens |
// | `avg_top2` | mean over tokens of (last + second-to-last layer) / 2 |
// | `avg_first_last` | mean over tokens of (first + last layer) / 2; first = `hidden_states[1]`, a transformer layer |
//
// transformers computed all five for this batch when the fixture was made
// (`tools/make_encoder_fixtures.py`); ours must agree to 1e-5. With only two layers the
// second-to-last layer *is* the first one, so `avg_top2` and `avg_first_last` coincide here; the
// three-layer fixture `pairs_gelu_new` tells them apart in the tests.

// %%
void section_poolers(const BertOutput& output) {
  cell_output();
  std::printf("sentence 0, the first 6 of its 18 numbers:\n");
  const TensorFileIndex goldens = read_safetensors_index(kModel + "/goldens_float32.safetensors");
  BinaryFile file(goldens.path);
  const Pooler poolers[] = {Pooler::cls, Pooler::cls_before_pooler, Pooler::avg, Pooler::avg_top2,
                            Pooler::avg_first_last};
  for (Pooler pooler : poolers) {
    const Tensor ours = pool(pooler, output);  // [batch, hidden]
    const Tensor theirs = read_stored_tensor(file, *goldens.find(std::string("pooled.") + pooler_name(pooler)));
    print_row(pooler_name(pooler), ours, 0);
    claim(max_abs_difference(ours, theirs) < 1e-5, "equals transformers + evaluation.py to 1e-5");
  }
}

// %% [markdown]
// ## 4. Padding does not leak into a sentence
//
// Sentence 2 has 8 tokens but sits in a batch padded to 16. The mask keeps its queries from
// attending to the padding and keeps the padding out of the `avg` mean, so encoding it alone (no
// padding at all) gives the same vector, up to float rounding.

// %%
void section_padding(const BertModel& model, const BertTokenizer& tokenizer, const Batch& batch,
                     const BertOutput& output) {
  cell_output();
  EncodedBatch alone = tokenizer.encode_batch({batch.sentences[2]}, 32);
  const BertInput input{alone.batch, alone.seq_len, alone.input_ids, alone.token_type_ids, alone.attention_mask};
  const Tensor by_itself = sentence_embeddings(model, input, Pooler::avg);
  const Tensor in_batch = select(pool(Pooler::avg, output), 0, 2);
  std::printf("sentence 2: %lld tokens alone, %lld positions in the batch\n", (long long)alone.seq_len,
              (long long)batch.input.seq_len);
  claim(max_abs_difference(reshape(by_itself, {-1}), in_batch) < 1e-5, "alone and padded give the same avg vector");
}

// %% [markdown]
// ## 5. How alike are unrelated sentences? (§5, anisotropy)
//
// Cosine similarity only ranks sentence pairs well if the vectors use the space evenly. Raw BERT
// vectors do not: they share a large common component, so even unrelated sentences have high
// cosine similarity (the representation is *anisotropic*; Ethayarajh 2019, and §5 of the
// paper). For unit vectors e₁..eₙ with mean m, the average cosine over the n(n−1) ordered pairs of
// distinct sentences is (n²‖m‖² − n) / (n(n−1)): a long mean vector means every pair looks alike.
// SimCSE's contrastive loss pushes the in-batch negatives apart, which shrinks that common part and
// flattens the singular-value spectrum of the embedding matrix (§5; the spectrum is in Appendix F).
//
// The fixture model's weights are random, so the numbers below illustrate the measurement, not
// BERT's values; `simcse eval` reports them for real checkpoints.

// %%
void section_anisotropy(const BertOutput& output) {
  cell_output();
  for (Pooler pooler : {Pooler::cls_before_pooler, Pooler::avg, Pooler::avg_first_last}) {
    const Tensor similarity = cosine_matrix(pool(pooler, output), pool(pooler, output));  // [4, 4]
    const std::vector<Scalar> values = similarity.to_vector();
    double off_diagonal = 0;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        if (i != j) off_diagonal += values[i * 4 + j];
    const Tensor unit = l2_normalize(pool(pooler, output));
    const std::vector<Scalar> u = unit.to_vector();
    double mean_norm_squared = 0;
    for (int64_t k = 0; k < unit.dim(1); ++k) {
      double mean = 0;
      for (int i = 0; i < 4; ++i) mean += u[i * unit.dim(1) + k] / 4;
      mean_norm_squared += mean * mean;
    }
    std::printf("%-18s average cosine %.4f, |mean unit vector|^2 %.4f\n", pooler_name(pooler), off_diagonal / 12,
                mean_norm_squared);
    claim(std::abs(off_diagonal / 12 - (16 * mean_norm_squared - 4) / 12) < 1e-5,
          "average cosine = (n^2 |m|^2 - n) / (n (n - 1))");
  }
}

// %% [markdown]
// ## 6. Saving for transformers
//
// `save_bert` writes `config.json`, `model.safetensors` (float32, names exactly as transformers
// expects), `vocab.txt`, `tokenizer_config.json` and `special_tokens_map.json`, all into a staging
// folder first and renamed into place at the end, so a failed save never leaves a half-written
// model over a good one. `tools/check_hf_roundtrip.py` loads such a directory with
// `AutoModel.from_pretrained` / `AutoTokenizer.from_pretrained`; here we load it back ourselves.

// %%
void section_save(const BertModel& model, const Batch& batch, const BertOutput& output) {
  cell_output();
  const std::string directory =
      (std::filesystem::temp_directory_path() / ("simcse-notebook-03-" + std::to_string(::getpid()))).string();
  save_bert(directory, model, kModel + "/vocab.txt", /*lowercase=*/true);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) files.push_back(entry.path().filename());
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) std::printf("  wrote %s\n", file.c_str());
  const LoadedBert again = load_bert(directory);
  NoGradGuard no_grad;
  const BertOutput reloaded = again.model.forward(batch.input);
  std::filesystem::remove_all(directory);
  claim(max_abs_difference(reloaded.pooler_output, output.pooler_output) == 0,
        "the reloaded model gives bit-identical pooler outputs");
}

// %% [markdown]
// ## 7. RoBERTa: the same layers, other positions (chapter 3, §3.9)
//
// RoBERTa is this encoder with `model_type: roberta` in config.json. Its layers are BERT's; what
// changes is how tokens are numbered: a padding token (`<pad>`, id 1) gets position 1, and the
// k-th real token of a row gets 1 + k, wherever the padding stands. `tests/fixtures/roberta/left_pad_gelu`
// is a RoBERTa that transformers wrote, with its byte-level BPE tokenizer, and a batch transformers
// padded on the *left*. Below: the first sentence's ids, RoBERTa's positions for them, and the
// positions BERT's rule would give.

// %%
void section_roberta() {
  cell_output();
  const std::string directory = "tests/fixtures/roberta/left_pad_gelu";
  const LoadedBert roberta = load_bert(directory);
  const nlohmann::json inputs = nlohmann::json::parse(std::ifstream(directory + "/inputs.json"));
  const BertInput batch{inputs["batch"], inputs["seq_len"], inputs["input_ids"], inputs["token_type_ids"],
                        inputs["attention_mask"]};
  BertConfig bert_rule = roberta.model.config();
  bert_rule.model_type = ModelType::bert;
  const std::vector<int32_t> positions =
      position_ids(batch.input_ids, batch.batch, batch.seq_len, roberta.model.config());
  const std::vector<int32_t> bert_positions = position_ids(batch.input_ids, batch.batch, batch.seq_len, bert_rule);
  const auto print_ids = [&](const char* label, const std::vector<int32_t>& values) {
    std::printf("%-18s", label);
    for (int64_t i = 10; i < batch.seq_len; ++i) std::printf("%4d", values[i]);  // row 0 from its 11th column
    std::printf("\n");
  };
  std::printf("sentence 0: \"%s\", columns 10..%lld\n", inputs["sentences"][0].get<std::string>().c_str(),
              (long long)batch.seq_len - 1);
  print_ids("input_ids", batch.input_ids);
  print_ids("RoBERTa positions", positions);
  print_ids("BERT positions", bert_positions);

  NoGradGuard no_grad;
  const Tensor in_batch = pool(Pooler::avg, roberta.model.forward(batch, ForwardMode{}, true));  // [4, 16]
  const TensorFileIndex goldens = read_safetensors_index(directory + "/goldens_float32.safetensors");
  BinaryFile file(goldens.path);
  claim(max_abs_difference(in_batch, read_stored_tensor(file, *goldens.find("pooled.avg"))) < 1e-5,
        "avg equals transformers' RobertaModel to 1e-5");
  // The same sentence alone, as our tokenizer makes it (no padding at all): the same vector.
  const auto tokenizer = load_tokenizer(directory, /*lowercase=*/false);
  const EncodedBatch alone = tokenizer->encode_batch({inputs["sentences"][0].get<std::string>()}, 32);
  const BertInput single{alone.batch, alone.seq_len, alone.input_ids, alone.token_type_ids, alone.attention_mask};
  const Tensor by_itself = reshape(sentence_embeddings(roberta.model, single, Pooler::avg), {-1});
  std::printf("alone: %lld tokens; in the batch: %lld columns, %lld of them padding in front\n",
              (long long)alone.seq_len, (long long)batch.seq_len, (long long)(batch.seq_len - alone.seq_len));
  claim(max_abs_difference(by_itself, select(in_batch, 0, 0)) < 1e-5,
        "alone and left-padded give the same avg vector (positions skip the padding)");
  // The same weights numbered BERT's way: the left-padded sentence reads other position rows.
  const BertModel with_bert_positions(
      bert_rule, [&](const std::string& name, const Shape&) { return roberta.model.parameters().get(name); }, true);
  const double moved = max_abs_difference(select(pool(Pooler::avg, with_bert_positions.forward(batch)), 0, 0),
                                          select(in_batch, 0, 0));
  std::printf("with BERT's positions the same sentence's avg vector moves by up to %.3f\n", moved);
  claim(moved > 1e-2, "the position rule matters");
}

// %%
int main() {
  const LoadedBert loaded = load_bert(kModel);
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file(kModel + "/vocab.txt", checkpoint_lowercase(kModel));
  const Batch batch = section_checkpoint(loaded.model, tokenizer);
  NoGradGuard no_grad;  // inference: no graph is recorded
  const BertOutput output = loaded.model.forward(batch.input, ForwardMode{}, /*output_hidden_states=*/true);
  section_inside(loaded.model, batch, output);
  section_poolers(output);
  section_padding(loaded.model, tokenizer, batch, output);
  section_anisotropy(output);
  section_save(loaded.model, batch, output);
  section_roberta();
  return 0;
}
