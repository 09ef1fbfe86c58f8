// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 1: tensors, the tape, and checking a gradient
//
// Everything SimCSE computes, from BERT's attention to the contrastive loss, is a chain of the
// ops in `src/ops/`. This notebook shows the machinery on examples small enough to check by hand:
//
// 1. a tensor and an op;
// 2. a single neuron, its gradient from `backward()`, and the same gradient derived on paper;
// 3. a finite-difference check, the test every op in `make gradcheck` passes;
// 4. SimCSE's loss (eq. 1 of the paper) on three toy sentence vectors;
// 5. a few steps of gradient descent that pull word pairs from `tiny_data/word_pairs.tsv`
//    together with that same loss.

// %%
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/philox.h"
#include "ops/ops.h"
#include "notebook.h"

using namespace simcse;

double largest_magnitude(const Tensor& t) {
  double largest = 0;
  for (Scalar v : t.to_vector()) largest = std::max(largest, std::abs(static_cast<double>(v)));
  return largest;
}

void print_values(const char* label, const Tensor& t) {
  std::printf("%s %s:", label, t.shape().str().c_str());
  for (Scalar v : t.to_vector()) std::printf(" %.4f", static_cast<double>(v));
  std::printf("\n");
}

// %% [markdown]
// ## 1. A tensor and an op
//
// A `Tensor` is a shape and a block of numbers. Ops make new tensors; they never change their
// inputs. `matmul(x, w, false, true)` computes x·wᵀ, the way a Linear layer stores its weight as
// [out, in].

// %%
void section_tensors() {
  cell_output();
  Tensor x = Tensor::from_vector({2, 3}, {1, 2, 3, 4, 5, 6});  // [batch 2, features 3]
  Tensor w = Tensor::from_vector({1, 3}, {0.5, -1, 2});       // [out 1, in 3]
  print_values("x", x);
  print_values("x w^T", matmul(x, w, false, true));          // [2, 1]: 4.5 and 9
}

// %% [markdown]
// ## 2. A neuron and its gradient
//
// y = tanh(w·x + b), loss L = y. Calculus gives dL/dw = (1 − y²)·x and dL/db = 1 − y².
// Calling `backward()` on the loss walks the recorded graph (tanh ← add ← matmul) in reverse and
// leaves those numbers in `w.grad()` and `b.grad()`.

// %%
void section_neuron() {
  cell_output();
  Tensor x = Tensor::from_vector({1, 3}, {1.0, -2.0, 0.5});
  Tensor w = Tensor::from_vector({1, 3}, {0.3, 0.1, -0.4}).set_requires_grad(true);
  Tensor b = Tensor::from_vector({1}, {0.2}).set_requires_grad(true);
  Tensor y = simcse::tanh(add(matmul(x, w, false, true), b));  // [1, 1]
  sum(y).backward();
  const double y_value = y.item(), local = 1 - y_value * y_value;
  std::printf("y = %.6f\n", y_value);
  print_values("backward: dL/dw", w.grad());
  std::printf("by hand:  dL/dw [1, 3]: %.4f %.4f %.4f\n", local * 1.0, local * -2.0, local * 0.5);
  print_values("backward: dL/db", b.grad());
  std::printf("by hand:  dL/db [1]: %.4f\n", local);
  std::vector<Scalar> grad = w.grad().to_vector();
  claim(std::abs(grad[0] - local * 1.0) < 1e-6 && std::abs(grad[1] - local * -2.0) < 1e-6 &&
            std::abs(grad[2] - local * 0.5) < 1e-6 && std::abs(b.grad().item() - local) < 1e-6,
        "backward() equals the hand-derived gradient");
}

// %% [markdown]
// ## 3. Checking a gradient with finite differences
//
// For any input entry wᵢ, (L(wᵢ + h) − L(wᵢ − h)) / 2h approaches dL/dwᵢ with an error of order
// h². `make gradcheck` does exactly this for every op, in double precision, on random shapes.
// Here: LayerNorm followed by GELU, one entry of the LayerNorm's gamma.

// %%
void section_finite_differences() {
  cell_output();
  Tensor x = Tensor::from_vector({2, 4}, {0.1, -0.7, 1.3, 0.4, 2.0, -1.0, 0.0, 0.5});
  Tensor gamma = Tensor::from_vector({4}, {1.0, 0.9, 1.1, 1.2}).set_requires_grad(true);
  Tensor beta = Tensor::from_vector({4}, {0.0, 0.1, -0.1, 0.2});
  auto loss_of = [&] { return sum(gelu(layer_norm(x, gamma, beta, 1e-12))); };
  loss_of().backward();
  const double analytic = gamma.grad().to_vector()[2];

  const Scalar h = 1e-2;  // float arithmetic: a larger step than the double-precision gradcheck uses
  NoGradGuard no_grad;
  gamma.data()[2] += h;
  const double plus = loss_of().item();
  gamma.data()[2] -= 2 * h;
  const double minus = loss_of().item();
  gamma.data()[2] += h;
  const double numeric = (plus - minus) / (2 * h);
  std::printf("dL/dgamma[2]: backward %.4f, finite difference %.4f\n", analytic, numeric);
  claim(std::abs(analytic - numeric) < 1e-3, "backward and finite difference agree to 1e-3");
}

// %% [markdown]
// ## 4. SimCSE's loss on three sentences
//
// Eq. (1) of the paper: for a batch of N pairs (hᵢ, hᵢ⁺),
//
//     ℓᵢ = −log  exp(sim(hᵢ, hᵢ⁺)/τ) / Σⱼ exp(sim(hᵢ, hⱼ⁺)/τ)
//
// with sim the cosine and τ = 0.05. It is a cross-entropy over the rows of the N×N matrix
// sim/τ whose correct "class" for row i is column i. Three toy sentence vectors stand in for
// encoder outputs; the second view of each is a slightly perturbed copy, as dropout would make.

// %%
void section_infonce() {
  cell_output();
  Tensor first = Tensor::from_vector({3, 4}, {1, 0.5, 0.2, 1, 0.6, 1, 1, 0.3, 1, 1, 0.4, 0.5});
  Tensor second = Tensor::from_vector({3, 4}, {0.9, 0.6, 0.2, 1, 0.6, 1, 0.8, 0.4, 1, 0.9, 0.5, 0.4});
  Tensor similarity = cosine_matrix(first, second);  // [3, 3], sim(h_i, h_j+)
  print_values("cosine similarities", similarity);
  // The temperature sharpens the softmax: at 0.05 a cosine gap of 0.1 becomes a logit gap of 2.
  for (Scalar temperature : {Scalar(1), Scalar(0.05)}) {
    Tensor anchors = Tensor::from_vector(first.shape(), first.to_vector()).set_requires_grad(true);
    Tensor loss = cross_entropy(scale(cosine_matrix(anchors, second), 1 / temperature), {0, 1, 2});
    loss.backward();
    std::printf("tau = %.2f: loss = %.4f, largest |dloss/dh| = %.4f\n", static_cast<double>(temperature),
                static_cast<double>(loss.item()), largest_magnitude(anchors.grad()));
  }
}

// %% [markdown]
// ## 5. Learning with that loss
//
// A table of word vectors starts random. Each step takes every (word, paraphrase) pair from
// `tiny_data/word_pairs.tsv`, scores all words against all paraphrases with the cosine matrix,
// and lowers the InfoNCE loss by plain gradient descent. The loss falls, and each word's nearest
// paraphrase becomes its own: the in-batch negatives push the other pairs apart.

// %%
std::vector<std::pair<std::string, std::string>> read_pairs(const std::string& path) {
  std::ifstream file(path);
  if (!file) fail("cannot open ", path, " (run from the repository root)");
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) fail(path, ": line without a tab: ", line);
    pairs.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return pairs;
}

void section_training() {
  cell_output();
  auto pairs = read_pairs("tiny_data/word_pairs.tsv");
  const int64_t n = static_cast<int64_t>(pairs.size()), width = 8;
  // A random start from the generator dropout uses (core/philox.h): uniform in [-1, 1), and the
  // same numbers on every run, so this page never changes.
  std::vector<Scalar> start(static_cast<size_t>(2 * n * width));
  for (size_t i = 0; i < start.size(); ++i)
    start[i] = static_cast<Scalar>(philox_bits(/*seed=*/2021, /*offset=*/0, i) / 2147483648.0 - 1.0);
  Tensor table = Tensor::from_vector({2 * n, width}, start).set_requires_grad(true);  // words, then paraphrases
  std::vector<int32_t> word_ids, paraphrase_ids, labels;
  for (int32_t i = 0; i < n; ++i) {
    word_ids.push_back(i);
    paraphrase_ids.push_back(static_cast<int32_t>(n) + i);
    labels.push_back(i);
  }
  const Scalar learning_rate = 0.05, temperature = 0.05;
  for (int step = 0; step <= 150; ++step) {
    Tensor words = embedding(table, word_ids, Shape{n});             // [n, width]
    Tensor paraphrases = embedding(table, paraphrase_ids, Shape{n}); // [n, width]
    Tensor loss = cross_entropy(scale(cosine_matrix(words, paraphrases), 1 / temperature), labels);
    if (step % 30 == 0) std::printf("step %2d  loss %.4f\n", step, static_cast<double>(loss.item()));
    table.zero_grad();
    loss.backward();
    NoGradGuard no_grad;  // the update itself is not part of any graph
    Scalar* values = table.data();
    std::vector<Scalar> grad = table.grad().to_vector();
    for (size_t i = 0; i < grad.size(); ++i) values[i] -= learning_rate * grad[i];
  }
  NoGradGuard no_grad;
  Tensor similarity = cosine_matrix(embedding(table, word_ids, Shape{n}), embedding(table, paraphrase_ids, Shape{n}));
  std::vector<Scalar> sim = similarity.to_vector();
  int correct = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t best = 0;
    for (int64_t j = 1; j < n; ++j)
      if (sim[i * n + j] > sim[i * n + best]) best = j;
    correct += best == i;
    std::printf("  %-8s nearest paraphrase: %s\n", pairs[i].first.c_str(), pairs[best].second.c_str());
  }
  std::printf("%d of %lld words have their own paraphrase as nearest\n", correct, static_cast<long long>(n));
  claim(correct == n, "every word's nearest paraphrase is its own");
}

// %%
int main() {
  section_tensors();
  section_neuron();
  section_finite_differences();
  section_infonce();
  section_training();
  return 0;
}
