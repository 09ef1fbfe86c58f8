// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 10: SimCSE inside sentence-transformers
//
// sentence-transformers trains unsupervised SimCSE as `MultipleNegativesRankingLoss` over `(s, s)`
// pairs. This notebook shows the two are one function: the same sentence vectors go through
// SimCSE's `contrastive_loss` (temperature 0.05) and through `multiple_negatives_ranking_loss`
// (scale 20), and the two losses are printed side by side, bit for bit; then the same with hard
// negatives (supervised SimCSE with weight 0), the symmetric form, and `CosineSimilarityLoss` on
// scored pairs: no model is needed, the vectors are random, the point is the algebra. Last, TSDAE:
// a sentence through its noise and its decoder, before and after a little training on tiny_data.

// %%
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/philox.h"
#include "notebook.h"
#include "ops/ops.h"
#include "simcse/adamw.h"
#include "simcse/contrastive_loss.h"
#include "simcse/cosine_similarity_loss.h"
#include "simcse/mnrl_loss.h"
#include "simcse/random_streams.h"
#include "simcse/training_data.h"
#include "simcse/tsdae_objective.h"
#include "simcse/word_deletion.h"
#include "tokenizer/bert_tokenizer.h"

using namespace simcse;

// Fixed pseudo-random vectors [rows, width] from Philox (the project's generator), values in [-1, 1).
Tensor random_vectors(int64_t rows, int64_t width, uint64_t stream) {
  std::vector<Scalar> values(static_cast<size_t>(rows * width));
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<Scalar>(philox_bits(2021, stream, i) / 2147483648.0 - 1.0);
  return Tensor::from_vector(Shape{rows, width}, values);
}

bool same_bits(Scalar a, Scalar b) { return std::memcmp(&a, &b, sizeof(Scalar)) == 0; }

// %% [markdown]
// ## 1. Unsupervised: (s, s) pairs
//
// SimCSE's eq. (1) for sentence i of a batch of N, with h_i and h_i+ the two dropout views:
//
//     l_i = -log( e^{sim(h_i, h_i+)/tau} / sum_j e^{sim(h_i, h_j+)/tau} )
//
// MultipleNegativesRankingLoss with anchors a_i = h_i and documents d_j = h_j+:
//
//     l_i = -log( e^{s cos(a_i, d_i)} / sum_j e^{s cos(a_i, d_j)} )
//
// With s = 1/tau they are the same expression; sentence-transformers' default scale 20 is SimCSE's
// tau = 0.05. Eight "sentences" of 16 dimensions, two views each:

// %%
void unsupervised() {
  cell_output();
  const Tensor views1 = random_vectors(8, 16, 1), views2 = random_vectors(8, 16, 2);
  const Tensor simcse = contrastive_loss(views1, views2, Tensor(), Scalar(0.05));
  const Tensor mnrl = multiple_negatives_ranking_loss(views1, {views2}, Scalar(20));
  std::printf("SimCSE, tau = 0.05:            %.6f\n", simcse.item());
  std::printf("MNRL, scale = 20:              %.6f\n", mnrl.item());
  claim(same_bits(simcse.item(), mnrl.item()), "the two losses have the same bits");
}

// %% [markdown]
// ## 2. Supervised: (anchor, positive, hard negative) triplets
//
// SimCSE's eq. (5) appends the hard negatives' column block; MNRL appends them to the documents
// (sentence-transformers' `torch.cat(embeddings[1:])`). With SimCSE's hard-negative weight 0 they
// agree; a non-zero weight (Table 7) has no MNRL counterpart:

// %%
void supervised() {
  cell_output();
  const Tensor anchors = random_vectors(8, 16, 3), positives = random_vectors(8, 16, 4);
  const Tensor negatives = random_vectors(8, 16, 5);
  const Tensor simcse = contrastive_loss(anchors, positives, negatives, Scalar(0.05), /*hard_negative_weight=*/0);
  const Tensor weighted = contrastive_loss(anchors, positives, negatives, Scalar(0.05), /*hard_negative_weight=*/1);
  const Tensor mnrl = multiple_negatives_ranking_loss(anchors, {positives, negatives}, Scalar(20));
  std::printf("SimCSE, weight 0:              %.6f\n", simcse.item());
  std::printf("MNRL on triplets:              %.6f\n", mnrl.item());
  std::printf("SimCSE, weight 1 (Table 7):    %.6f\n", weighted.item());
  claim(same_bits(simcse.item(), mnrl.item()), "MNRL on triplets is supervised SimCSE with weight 0, bit for bit");
}

// %% [markdown]
// ## 3. The symmetric form, and CosineSimilarityLoss
//
// `MultipleNegativesSymmetricRankingLoss` adds the other direction: every positive must pick its own
// anchor among all anchors (the transposed score matrix), and the two losses are averaged.
// `CosineSimilarityLoss` is not contrastive at all: each scored pair's cosine is pulled to its gold
// score (STS-B's 0-5 divided by 5), mean squared error.

// %%
void symmetric_and_cosine() {
  cell_output();
  const Tensor anchors = random_vectors(8, 16, 6), positives = random_vectors(8, 16, 7);
  const double forward = multiple_negatives_ranking_loss(anchors, {positives}, Scalar(20)).item();
  const double backward = multiple_negatives_ranking_loss(positives, {anchors}, Scalar(20)).item();
  const double both = multiple_negatives_ranking_loss(anchors, {positives}, Scalar(20), /*symmetric=*/true).item();
  std::printf("anchors pick positives: %.6f, positives pick anchors: %.6f, symmetric: %.6f\n", forward, backward, both);
  claim(std::abs(both - (forward + backward) / 2) < 1e-5, "the symmetric loss is the mean of the two directions");

  const Tensor u = random_vectors(4, 16, 8), v = random_vectors(4, 16, 9);
  const std::vector<Scalar> scores = {Scalar(0.9), Scalar(0.1), Scalar(0.6), Scalar(0.0)};
  const std::vector<Scalar> cosines = cosine_matrix(u, v).to_vector();
  for (int i = 0; i < 4; ++i) std::printf("pair %d: cos %+.4f, gold %.2f\n", i, cosines[i * 4 + i], scores[i]);
  std::printf("CosineSimilarityLoss: %.6f\n", cosine_similarity_loss(u, v, scores).item());
}

// %% [markdown]
// ## 4. TSDAE: delete words, then rebuild the sentence from its vector
//
// TSDAE damages each sentence by deleting 60% of its words (at least one stays), encodes the damaged
// copy to one vector ([CLS] pooling), and asks a decoder to write the original sentence back, token
// by token, reading nothing of the input but that vector (cross-attention to a one-token memory).
// The decoder is the encoder's own BERT with cross-attention layers added, its weights tied to the
// encoder's, so everything it learns about writing sentences, the encoder learns too.
//
// The model is tiny_data's 2-layer, 64-wide BERT. Each line shows what the decoder predicts at every
// position when it is given the true prefix (teacher forcing): first untrained, then after 80 steps
// of TSDAE on the first 32 sentences of tiny_data/corpus.txt (batches of 16, AdamW from 2e-3
// decaying linearly as the trainer's schedule does; dropout as in the config) — few enough
// sentences that the decoder can learn to write them back from their vectors.

// %%
std::string predictions(const TsdaeObjective& model, const BertTokenizer& tokenizer, const std::string& damaged,
                        const std::string& original) {
  NoGradGuard no_grad;
  auto input = [&](const std::string& text) {
    EncodedBatch encoded = tokenizer.encode_batch({text}, 32);
    return BertInput{encoded.batch, encoded.seq_len, encoded.input_ids, encoded.token_type_ids, encoded.attention_mask};
  };
  const Tensor scores = model.reconstruction_scores(input(damaged), input(original), ForwardMode{});  // [1, seq-1, vocab]
  const std::vector<Scalar> values = scores.to_vector();
  const int64_t positions = scores.dim(1), vocab = scores.dim(2);
  std::string text;
  for (int64_t t = 0; t < positions; ++t) {
    int64_t best = 0;
    for (int64_t v = 1; v < vocab; ++v)
      if (values[t * vocab + v] > values[t * vocab + best]) best = v;
    text += (t ? " " : "") + tokenizer.vocab().token(static_cast<int32_t>(best));
  }
  return text;
}

void tsdae_round_trip() {
  cell_output();
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file("tiny_data/vocab.txt");
  const TrainingData data = load_training_data("tiny_data/corpus.txt", /*skip_bad_rows=*/false);
  const BertConfig config = BertConfig::from_file("tiny_data/bert_config.json");
  TsdaeObjective model(BertModel(config, random_bert_parameters(config, encoder_init_key(7)), false),
                       SentenceHead::of_pooler(Pooler::cls_before_pooler), 0.6,
                       random_bert_parameters(config, heads_init_key(7)));
  const std::vector<std::string> originals = {data.examples[0].sentence, data.examples[5].sentence};  // trained on
  std::vector<std::string> damaged;
  for (size_t i = 0; i < originals.size(); ++i) {
    damaged.push_back(delete_words(originals[i], 0.6, 7, kWordDeletionOffset, i << 20));
    std::printf("original: %s\ndamaged:  %s\n", originals[i].c_str(), damaged[i].c_str());
  }
  std::printf("\nuntrained decoder, next token at each position:\n");
  for (size_t i = 0; i < originals.size(); ++i)
    std::printf("  %s\n", predictions(model, tokenizer, damaged[i], originals[i]).c_str());

  OptimizerSettings settings;
  settings.adamw.learning_rate = 2e-3;
  settings.total_steps = 80;
  AdamW optimizer(model.named_parameters(), settings);
  RandomStream dropout{7};
  double first = 0, last = 0;
  for (int64_t step = 0; step < 80; ++step) {
    TrainingStep batch{{}, 1, &tokenizer, 32, 7, static_cast<uint64_t>(step), &dropout};
    for (int64_t i = 0; i < 16; ++i) batch.examples.push_back(&data.examples[(step * 16 + i) % 32]);
    Tensor loss = model.loss(batch);
    (step == 0 ? first : last) = loss.item();
    loss.backward();
    optimizer.clip_gradients();
    optimizer.step();
    optimizer.zero_grad();
  }
  std::printf("\nreconstruction loss: step 1 %.2f, step 80 %.2f\n", first, last);
  claim(last < first, "the reconstruction loss falls");
  std::printf("after 80 steps, next token at each position:\n");
  for (size_t i = 0; i < originals.size(); ++i)
    std::printf("  %s\n", predictions(model, tokenizer, damaged[i], originals[i]).c_str());
}

int main() {
  unsupervised();
  supervised();
  symmetric_and_cosine();
  tsdae_round_trip();
}
