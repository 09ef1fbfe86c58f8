// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 5: evaluating sentence embeddings the way SimCSE does
//
// SimCSE's headline numbers (§6.1) are Spearman correlations between the cosine similarity of two
// sentence embeddings and human similarity ratings, on seven STS tasks. This notebook takes the
// pieces of `src/eval/` apart on inputs small enough to check by hand:
//
// 1. Spearman's correlation when ratings tie (they always do: STS ratings sit on a 0-5 grid);
// 2. why the "all" setting for STS12-16 differs from the "mean" and "wmean" of the subsets (Appendix B);
// 3. an STS evaluation of a model-free bag-of-words encoder on `tiny_data/sts_pairs.tsv`, printed as
//    SimCSE's `evaluation.py` prints its tables;
// 4. the same evaluation, alignment, uniformity and singular values for an untrained BERT;
// 5. the transfer-task protocol: stratified folds and the L2 penalty chosen by cross-validation.
//
// The real benchmarks live in `../shared/data` and are run by `build/simcse eval`; the analysis of a
// model before and after SimCSE training (`build/simcse analyze --model_name_or_path BEFORE AFTER`)
// needs a trained checkpoint, which the training chapter produces; until then section 4 shows the
// "before" half.

// %%
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "eval/analysis.h"
#include "eval/bert_sentence_encoder.h"
#include "tokenizer/bert_tokenizer.h"
#include "eval/classifier_validation.h"
#include "eval/hashed_word_encoder.h"
#include "eval/pairs_file.h"
#include "eval/result_tables.h"
#include "eval/senteval_text.h"
#include "eval/statistics.h"
#include "eval/stratified_kfold.h"
#include "eval/sts_eval.h"
#include "ops/ops.h"
#include "notebook.h"

using namespace simcse;

void print_series(const char* label, const std::vector<double>& values) {
  std::printf("%-16s", label);
  for (double v : values) std::printf(" %5.2f", v);
  std::printf("\n");
}

// %% [markdown]
// ## 1. Spearman's correlation with ties
//
// Spearman's rho is Pearson's r computed on ranks instead of values. When values tie, each gets
// the average of the ranks the tied group spans (`scipy.stats.spearmanr`, and SentEval through it).
// Take four pairs rated 1, 2, 2, 3 and a system whose cosines put them in the same order,
// 0.1 < 0.4 < 0.5 < 0.9:
//
//     gold ranks    1   2.5  2.5  4      (the two 2s share ranks 2 and 3)
//     system ranks  1   2    3    4
//
// Centred (mean 2.5): gold (−1.5, 0, 0, 1.5), system (−1.5, −0.5, 0.5, 1.5). Then
// rho = Σ gᵢsᵢ / sqrt(Σ gᵢ² · Σ sᵢ²) = 4.5 / sqrt(4.5 · 5) = 0.9487. The system is not
// penalised for an error it made (it made none); it cannot reach 1 because it breaks a tie the
// raters did not break. Spearman ignores the scale of the cosines entirely, which is why §6.1
// prefers it: only the order of the pairs matters.

// %%
void section_spearman_with_ties() {
  cell_output();
  const std::vector<double> gold = {1, 2, 2, 3}, cosine = {0.1, 0.4, 0.5, 0.9};
  print_series("gold ranks", average_ranks(gold));
  print_series("system ranks", average_ranks(cosine));
  const double rho = spearman(cosine, gold), by_hand = 4.5 / std::sqrt(4.5 * 5);
  std::printf("spearman = %.4f, by hand 4.5 / sqrt(4.5 * 5) = %.4f, pearson of the raw values = %.4f\n", rho,
              by_hand, pearson(cosine, gold));
  claim(std::abs(rho - by_hand) < 1e-12, "spearman() equals the hand computation");
}

// %% [markdown]
// ## 2. "all" versus "mean" and "wmean" (Appendix B)
//
// STS12-16 each come in subsets (STS12: MSRpar, MSRvid, SMTeuroparl, ...). SentEval reports three
// numbers per year: the Spearman of each subset averaged ("mean"), the same weighted by subset size
// ("wmean"), and the Spearman of all pairs pooled ("all"). SimCSE reports "all" (§6.1, Appendix B)
// and notes that earlier papers mixed the settings, which moves results by several points.
//
// Pooling asks more of the encoder: the cosines must be comparable *across* subsets. Below, each
// subset is ranked perfectly by its own cosines, so mean = wmean = 1, but the second subset's cosines
// are all higher than the first's while its ratings are lower; pooled, the order is badly wrong.

// %%
// The sentence "0.8" embeds as the unit vector at angle 0.8: the cosine of a pair is set by the text.
SentenceEncoder angle_encoder() {
  return [](const std::vector<std::string>& sentences) {
    std::vector<Scalar> rows;
    for (const std::string& s : sentences) {
      rows.push_back(static_cast<Scalar>(std::cos(std::stod(s))));
      rows.push_back(static_cast<Scalar>(std::sin(std::stod(s))));
    }
    return Tensor::from_vector(Shape({static_cast<int64_t>(sentences.size()), 2}), rows);
  };
}

void section_all_versus_mean() {
  cell_output();
  StsTask task{"toy", {{"far", {}}, {"near", {}}}};
  for (int i = 0; i < 5; ++i) task.datasets[0].pairs.push_back({"0", std::to_string(1.2 - 0.1 * i), 3.0 + 0.5 * i});
  for (int i = 0; i < 3; ++i) task.datasets[1].pairs.push_back({"0", std::to_string(0.3 - 0.1 * i), 0.5 + 0.5 * i});
  const StsTaskResult result = evaluate_sts(angle_encoder(), task);
  for (const auto& [name, c] : result.datasets)
    std::printf("subset %-4s (%lld pairs): spearman %.3f\n", name.c_str(), static_cast<long long>(c.pairs), c.spearman);
  std::printf("mean %.3f, wmean %.3f, all %.3f\n", result.spearman_mean, result.spearman_wmean, result.all.spearman);
  claim(result.spearman_mean > 0.999 && result.all.spearman < 0, "pooling exposes cosines that disagree across subsets");
}

// %% [markdown]
// ## 3. An STS evaluation on tiny data
//
// `tiny_data/sts_pairs.tsv` holds 1,020 pairs the team generated, graded 0-5 by how much meaning
// they share (see `tiny_data/README.md`). The encoder here needs no model: a sentence's vector is
// the sum of a fixed pseudo-random vector per word (`src/eval/hashed_word_encoder.h`), so the cosine
// measures word overlap. `evaluate_sts` embeds both sides, computes the cosines in double from the
// float vectors, and correlates them with the grades; the table is printed exactly as SimCSE's
// `evaluation.py` prints its own (PrettyTable, ×100, two decimals).

// %%
StsTask load_tiny_sts() {
  StsTask task = load_pairs_file("tiny_data/sts_pairs.tsv");  // sentence1, sentence2, score
  task.name = task.datasets[0].name = "tiny";
  return task;
}

// The two sides of the pairs, and their grades.
struct PairLists {
  std::vector<std::string> first, second;
  std::vector<double> gold;
};

PairLists pair_lists(const StsTask& task) {
  PairLists lists;
  for (const StsPair& pair : task.datasets[0].pairs) {
    lists.first.push_back(pair.sentence_a);
    lists.second.push_back(pair.sentence_b);
    lists.gold.push_back(pair.gold);
  }
  return lists;
}

// Mean cosine of the pairs of each grade 0..5.
void print_mean_cosine_by_grade(const std::vector<double>& cosines, const std::vector<double>& gold) {
  std::printf("mean cosine by grade:");
  for (int grade = 0; grade <= 5; ++grade) {
    double sum = 0;
    int count = 0;
    for (size_t i = 0; i < cosines.size(); ++i)
      if (gold[i] == grade) sum += cosines[i], ++count;
    std::printf("  %d: %.3f", grade, sum / count);
  }
  std::printf("\n");
}

void section_tiny_sts() {
  cell_output();
  const StsTask task = load_tiny_sts();
  const SentenceEncoder encoder = hashed_word_encoder(256);
  const StsTaskResult result = evaluate_sts(encoder, task);
  std::printf("%zu pairs: spearman x100 = %.2f, pearson x100 = %.2f\n", task.datasets[0].pairs.size(),
              100 * result.all.spearman, 100 * result.all.pearson);
  const PairLists pairs = pair_lists(task);
  print_mean_cosine_by_grade(paired_cosines(embed_sentences(encoder, pairs.first), embed_sentences(encoder, pairs.second)),
                             pairs.gold);
  std::printf("%s", render_table({{"tiny STS (Spearman)", "tiny STS (Pearson)"},
                                  {format_two_decimals(100 * result.all.spearman),
                                   format_two_decimals(100 * result.all.pearson)}})
                        .c_str());
  claim(result.all.spearman > 0.4, "word overlap alone ranks the pairs moderately well");
}

// %% [markdown]
// ## 4. An untrained BERT: STS, alignment, uniformity, singular values
//
// A BERT with random weights (4 layers, hidden 64, the tiny vocabulary) embeds the same pairs with
// the `cls_before_pooler` pooler. Besides Spearman, the paper's analysis looks at the geometry:
//
// - **alignment** (eq. 2): E‖f(x) − f(x⁺)‖² over positive pairs (here the grade-5 paraphrases;
//   on STS-B dev, `simcse analyze` uses the pairs rated above 4), lower is better;
// - **uniformity** (eq. 3): log E exp(−2‖f(x) − f(y)‖²) over all pairs of sentences, lower is better:
//   the embeddings spread over the sphere instead of crowding in one direction;
// - the **singular values** of the (row-normalised) embedding matrix (§5, Appendix F): an
//   anisotropic space has one dominant direction, so the spectrum falls steeply after the first.
//
// Untrained, BERT's [CLS] vectors all point roughly the same way: near-zero alignment (everything
// is close), poor (high) uniformity, and a spectrum dominated by its first value. SimCSE's training
// (§3, Figure 2) keeps alignment low while pushing uniformity down; the "after" half of this picture
// needs the checkpoint the training chapter produces, and `simcse analyze` draws both side by side.

// %%
void section_untrained_bert() {
  cell_output();
  BertConfig config;
  config.vocab_size = 525;  // tiny_data/vocab.txt
  config.hidden_size = 64;
  config.num_hidden_layers = 4;
  config.num_attention_heads = 4;
  config.intermediate_size = 128;
  config.max_position_embeddings = 64;
  const BertModel model(config, random_bert_parameters(config, /*seed=*/2021), /*with_pooler=*/false);
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file("tiny_data/vocab.txt");
  const SentenceEncoder encoder = bert_sentence_encoder(model, tokenizer, Pooler::cls_before_pooler, 64);

  const PairLists pairs = pair_lists(load_tiny_sts());
  const Tensor a = embed_sentences(encoder, pairs.first), b = embed_sentences(encoder, pairs.second);  // [1020, 64]
  const std::vector<double> cosines = paired_cosines(a, b);
  std::printf("STS spearman x100 = %.2f\n", 100 * spearman(cosines, pairs.gold));
  print_mean_cosine_by_grade(cosines, pairs.gold);
  double lowest = 1;
  for (double cosine : cosines) lowest = std::min(lowest, cosine);
  claim(lowest > 0.99, "every pair's cosine is above 0.99: the untrained [CLS] vectors point one way");

  // alignment_uniformity takes the pairs graded above 4 as positives: the grade-5 paraphrases.
  const AlignmentUniformity geometry = alignment_uniformity(a, b, pairs.gold);
  std::printf("alignment %.1e over %lld positive pairs, uniformity %.1e over %lld sentences\n", geometry.alignment,
              static_cast<long long>(geometry.positive_pairs), geometry.uniformity,
              static_cast<long long>(geometry.sentences));
  const std::vector<double> spectrum = singular_values(concat({a, b}, 0));
  std::printf("singular values / largest:");
  for (size_t i = 0; i < 6; ++i) std::printf(" %.3f", spectrum[i] / spectrum[0]);
  std::printf(" ...\n");
  claim(spectrum[1] / spectrum[0] < 0.5, "the untrained embeddings are anisotropic: one direction dominates");

  const SentenceEncoder bag = hashed_word_encoder(64);
  const AlignmentUniformity bag_geometry =
      alignment_uniformity(embed_sentences(bag, pairs.first), embed_sentences(bag, pairs.second), pairs.gold);
  std::printf("bag of hashed words, for comparison: alignment %.4f, uniformity %.4f\n", bag_geometry.alignment,
              bag_geometry.uniformity);
  claim(geometry.uniformity > bag_geometry.uniformity, "random word vectors spread out more than untrained BERT's");
}

// %% [markdown]
// ## 5. The transfer-task protocol (Appendix E)
//
// Transfer tasks train a logistic regression on frozen embeddings. SentEval picks its L2 penalty from
// {1e-5, 1e-4, 1e-3, 1e-2} by cross-validation; for MR, CR, SUBJ and MPQA it nests that inside
// an outer k-fold (10 folds in `--mode test`, 5 in dev/fasttest). The folds are scikit-learn's
// StratifiedKFold with seed 1111 — every fold gets its share of each class — and the classifier's
// initial weights and batch order come from the same random streams as PyTorch's and NumPy's, so
// the folds and accuracies equal SentEval's (tests/test_eval_classifier.cc checks this against
// SentEval's own code).

// %%
void section_transfer_protocol() {
  cell_output();
  std::vector<int32_t> labels;
  for (int i = 0; i < 23; ++i) labels.push_back(i < 15 ? 1 : 0);  // 15 positives, 8 negatives
  const std::vector<Fold> folds = stratified_kfold(labels, 5, kSentEvalSeed);
  for (size_t f = 0; f < folds.size(); ++f) {
    int positives = 0;
    for (int64_t i : folds[f].test) positives += labels[i];
    std::printf("fold %zu: tests on %zu samples (%d positive, %zu negative)\n", f, folds[f].test.size(), positives,
                folds[f].test.size() - positives);
  }

  // Two noisy classes in 3-D: the inner k-fold protocol in fasttest settings.
  std::vector<Scalar> features;
  std::vector<int32_t> classes;
  NumpyRandomState random(5);
  for (int i = 0; i < 200; ++i) {
    classes.push_back(i % 2);
    for (int d = 0; d < 3; ++d)
      features.push_back(static_cast<Scalar>((i % 2 ? 0.6 : -0.6) * (d == 0) + random.interval(2000) / 1000.0 - 1.0));
  }
  const ValidatedAccuracy result = inner_kfold_accuracy({Tensor::from_vector(Shape({200, 3}), features), classes}, 2, 5,
                                                        ClassifierConfig{OptimizerKind::rmsprop, 128, 3, 2});
  std::printf("inner 5-fold: dev accuracy %.2f, test accuracy %.2f, chosen L2 per fold:", result.dev_accuracy,
              result.test_accuracy);
  for (double l2 : result.chosen_l2) std::printf(" %g", l2);
  std::printf("\n");
  claim(result.test_accuracy > 60, "the classifier learns the class that sits along the first axis");
}

int main() {
  section_spearman_with_ties();
  section_all_versus_mean();
  section_tiny_sts();
  section_untrained_bert();
  section_transfer_protocol();
  return 0;
}
