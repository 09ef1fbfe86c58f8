// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 4: SimCSE's objective and a training run
//
// This notebook takes SimCSE's loss apart and then trains with it:
//
// 1. the gradient of InfoNCE with respect to the similarity matrix, in closed form, checked
//    against `backward()`;
// 2. what the temperature τ does to that gradient;
// 3. dropout as the augmentation: the same sentence through the encoder twice gives two
//    different vectors (two views) only because the dropout masks differ;
// 4. supervised SimCSE's hard negatives and their log-weight;
// 5. a short unsupervised run on `tiny_data/`, Spearman on `tiny_data/sts_pairs.tsv` before and after.

// %%
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "eval/pairs_file.h"
#include "eval/sts_eval.h"
#include "ops/ops.h"
#include "simcse/contrastive_loss.h"
#include "simcse/trainer.h"
#include "tokenizer/bert_tokenizer.h"
#include "notebook.h"

using namespace simcse;

double largest_difference(const std::vector<Scalar>& a, const std::vector<double>& b) {
  double largest = 0;
  for (size_t i = 0; i < a.size(); ++i) largest = std::max(largest, std::abs(a[i] - b[i]));
  return largest;
}

// %% [markdown]
// ## 1. The gradient of InfoNCE with respect to the similarities
//
// With sᵢⱼ = sim(hᵢ, hⱼ⁺) and pᵢⱼ = softmaxⱼ(sᵢⱼ/τ), the loss of eq. (1) averaged over a batch
// of N is L = (1/N) Σᵢ (−sᵢᵢ/τ + log Σⱼ e^(sᵢⱼ/τ)), so
//
//     ∂L/∂sᵢⱼ = (pᵢⱼ − [i = j]) / (N τ).
//
// Every positive is pulled up with weight (1 − pᵢᵢ)/(Nτ); every negative pushed down with weight
// pᵢⱼ/(Nτ): in proportion to how much probability it currently steals. Below, the similarity
// matrix is a leaf tensor, so `backward()` stops there and we can compare.

// %%
void section_gradient() {
  cell_output();
  const int64_t n = 4;
  const double tau = 0.05;
  std::vector<Scalar> values = {0.9, 0.3, 0.5, 0.1, 0.2, 0.8, 0.4, 0.6, 0.5, 0.1, 0.7, 0.3, 0.0, 0.4, 0.2, 0.85};
  Tensor similarity = Tensor::from_vector({n, n}, values).set_requires_grad(true);
  std::vector<int32_t> labels(n);
  std::iota(labels.begin(), labels.end(), 0);
  cross_entropy(scale(similarity, Scalar(1 / tau)), labels).backward();

  std::vector<double> closed_form(n * n);
  for (int64_t i = 0; i < n; ++i) {
    double total = 0;
    for (int64_t j = 0; j < n; ++j) total += std::exp(values[i * n + j] / tau);
    for (int64_t j = 0; j < n; ++j)
      closed_form[i * n + j] = (std::exp(values[i * n + j] / tau) / total - (i == j)) / (n * tau);
  }
  std::vector<Scalar> autodiff = similarity.grad().to_vector();
  for (int64_t i = 0; i < n; ++i) {
    std::printf("row %lld  backward:", static_cast<long long>(i));
    for (int64_t j = 0; j < n; ++j) std::printf(" %8.4f", autodiff[i * n + j]);
    std::printf("   closed form:");
    for (int64_t j = 0; j < n; ++j) std::printf(" %8.4f", closed_form[i * n + j]);
    std::printf("\n");
  }
  claim(largest_difference(autodiff, closed_form) < 1e-5, "backward() equals (P - I) / (N tau)");
}

// %% [markdown]
// ## 2. What the temperature does
//
// Row 0 of a batch: its positive at cosine 0.8, one hard negative at 0.7 and two easy ones at
// 0.1. Lowering τ sharpens the softmax: at τ = 1 the three negatives share the push almost
// equally; at SimCSE's τ = 0.05 nearly all of it goes to the hard negative, and the gradient's
// size grows like 1/τ. The appendix of the paper (Table D.1) finds τ = 0.05 best.

// %%
void section_temperature() {
  cell_output();
  const double cosines[] = {0.8, 0.7, 0.1, 0.1};  // positive, hard negative, two easy negatives
  std::printf("%6s  %10s  %10s  %10s  %16s\n", "tau", "p(pos)", "p(hard)", "p(easy)", "share on hard");
  double hard_share_at_005 = 0;
  for (double tau : {1.0, 0.2, 0.05}) {
    double total = 0;
    for (double c : cosines) total += std::exp(c / tau);
    const double positive = std::exp(cosines[0] / tau) / total, hard = std::exp(cosines[1] / tau) / total;
    const double easy = std::exp(cosines[2] / tau) / total;
    const double share = hard / (hard + 2 * easy);  // of the push on negatives, the hard one's part
    if (tau == 0.05) hard_share_at_005 = share;
    std::printf("%6.2f  %10.4f  %10.4f  %10.4f  %15.1f%%\n", tau, positive, hard, easy, 100 * share);
  }
  claim(hard_share_at_005 > 0.99, "at tau = 0.05 over 99% of the negatives' gradient goes to the hard negative");
}

// %% [markdown]
// ## 3. Dropout makes the positive pair
//
// Unsupervised SimCSE (§3, eq. 4) feeds the same sentence twice; the positive pair exists only
// because each pass draws its own dropout mask. With the dropout stream of the training run, the
// two rows below differ; with dropout off (evaluation) they are identical.

// %%
void section_dropout_views() {
  cell_output();
  const BertConfig config = BertConfig::from_file("tiny_data/bert_config.json");
  const BertModel model(config, random_bert_parameters(config, 3), false);
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file("tiny_data/vocab.txt");
  EncodedBatch encoded = tokenizer.encode_batch({"The pupil plays the guitar.", "The pupil plays the guitar."}, 32);
  const BertInput input{encoded.batch, encoded.seq_len, encoded.input_ids, encoded.token_type_ids,
                        encoded.attention_mask};
  RandomStream stream{42};
  NoGradGuard no_grad;
  Tensor training_views = select(model.forward(input, ForwardMode{true, &stream}).last_hidden_state, 1, 0);
  Tensor inference_views = select(model.forward(input).last_hidden_state, 1, 0);
  const double training_cosine = cosine_matrix(training_views, training_views).to_vector()[1];
  const double inference_cosine = cosine_matrix(inference_views, inference_views).to_vector()[1];
  std::printf("cosine of the two [CLS] vectors: with dropout %.4f, without %.4f\n", training_cosine, inference_cosine);
  claim(training_cosine < 0.999 && inference_cosine > 0.99999, "the views differ only through dropout");
}

// %% [markdown]
// ## 4. Hard negatives and their weight
//
// Supervised SimCSE (§4, eq. 5) appends each sentence's contradiction as extra columns; the
// `hard_negative_weight` w is added to row i's own hard negative logit, i.e. its exp is scaled
// by e^w. Raising w makes the hard negative count more, and the loss grows.

// %%
void section_hard_negatives() {
  cell_output();
  Tensor anchors = Tensor::from_vector({2, 3}, {1, 0, 0, 0, 1, 0});
  Tensor positives = Tensor::from_vector({2, 3}, {0.9, 0.2, 0, 0.1, 0.9, 0.1});
  Tensor negatives = Tensor::from_vector({2, 3}, {0.8, 0, 0.4, 0, 0.7, 0.5});
  double previous = 0;
  bool increasing = true;
  for (double weight : {0.0, 1.0, 2.0}) {
    const double loss = contrastive_loss(anchors, positives, negatives, 0.05, static_cast<Scalar>(weight)).item();
    std::printf("hard_negative_weight %.1f: loss %.4f\n", weight, loss);
    increasing = increasing && (weight == 0.0 || loss > previous);
    previous = loss;
  }
  claim(increasing, "a larger hard-negative weight gives a larger loss");
}

// %% [markdown]
// ## 5. A short unsupervised run
//
// The `make run` recipe, shortened to 50 steps: a randomly initialised 2-layer BERT
// (`tiny_data/bert_config.json`), the `avg` pooler, τ = 0.05, AdamW at 1e-3, evaluated on
// `tiny_data/sts_pairs.tsv` before and after. (This is `simcse train` without the command line:
// the same `train()` function.)

// %%
void section_training() {
  cell_output();
  TrainingArguments args;
  args.config_name = "tiny_data/bert_config.json";
  args.tokenizer_name = "tiny_data/vocab.txt";
  args.train_file = "tiny_data/corpus.txt";
  args.output_dir = (std::filesystem::temp_directory_path() / "simcse_notebook_04").string();
  args.overwrite_output_dir = true;
  args.max_steps = 50;
  args.per_device_train_batch_size = 64;
  args.learning_rate = 1e-3;
  args.pooler_type = "avg";
  args.evaluation_strategy = "steps";
  args.eval_steps = 25;
  args.metric_for_best_model = "pairs_spearman";
  args.logging_steps = 10;
  args.save_steps = 0;
  args.threads = 2;
  const StsTask pairs = load_pairs_file("tiny_data/sts_pairs.tsv");
  TrainerHooks hooks;
  hooks.evaluate = [&](const SentenceEncoder& embed) {
    return Metrics{{"pairs_spearman", evaluate_sts(embed, pairs).all.spearman}};
  };
  hooks.on_step = [](const StepReport& report) {
    if (report.step % 10 == 0) std::printf("step %2lld  loss %.3f\n", static_cast<long long>(report.step), report.loss);
  };
  const TrainingSummary summary = train(args, hooks, {"notebooks_cpp/04_training.cpp"});
  const double before = summary.initial_metrics[0].second, after = summary.final_metrics[0].second;
  std::printf("Spearman x 100 on tiny_data/sts_pairs.tsv: before %.1f, after %.1f\n", 100 * before, 100 * after);
  std::filesystem::remove_all(args.output_dir);
  claim(after > before + 0.05, "50 steps raise Spearman on the pairs by more than 5 points");
}

// %%
int main() {
  section_gradient();
  section_temperature();
  section_dropout_views();
  section_hard_negatives();
  section_training();
  return 0;
}
