// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 4b: one SimCSE training step, by hand
//
// Everything `simcse train` does in one step, without the trainer around it (no evaluation, no
// checkpoints, no logging): the project's `train_gpt2.c`. It calls the same library functions the
// trainer's loop calls (`src/simcse/trainer.cc`), in the same order:
//
//     TrainingStep step = {the next 64 examples, the tokenizer, the seed, the step, dropout};
//     Tensor loss = model.loss(step);   // tokenise, both views through BERT, then eq. (1)
//     loss.backward();
//     optimizer.clip_gradients();
//     optimizer.step();
//     optimizer.zero_grad();
//
// (`model` is a `SimcseModel`, the trainer's first `TrainingObjective`: every training method
// is one, and the loop above is all the trainer knows of them.)
//
// First the step is taken apart, printing the shape of everything on the way from sentences to
// the loss; then twenty steps of it on `tiny_data/corpus.txt`, where the loss falls.

// %%
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "notebook.h"
#include "ops/ops.h"
#include "simcse/contrastive_loss.h"
#include "simcse/adamw.h"
#include "simcse/random_streams.h"
#include "simcse/simcse_model.h"
#include "simcse/training_batch.h"
#include "tokenizer/bert_tokenizer.h"

using namespace simcse;

double diagonal_mean(const Tensor& square) {
  const std::vector<Scalar> values = square.to_vector();
  const int64_t n = square.dim(0);
  double total = 0;
  for (int64_t i = 0; i < n; ++i) total += values[i * n + i];
  return total / static_cast<double>(n);
}

// %% [markdown]
// ## 1. The pieces: a BERT, its tokenizer, the data, the optimiser
//
// `tiny_data/bert_config.json` describes a 2-layer, 64-wide BERT (dropout 0.3); its weights are
// drawn as BERT initialises them, N(0, 0.02). The pooler is `avg`, as in `make run`: the mean of
// the last layer's token vectors, so SimCSE adds no MLP. AdamW gets the learning rate of
// `make run` (1e-3; BERT-base would use 3e-5) on a linear decay over the 20 steps below.

// %%
constexpr uint64_t kSeed = 42;
constexpr int64_t kBatch = 64, kSteps = 20;
constexpr int kMaxLength = 32;

struct Pieces {
  BertTokenizer tokenizer = BertTokenizer::from_vocab_file("tiny_data/vocab.txt");
  TrainingData data = load_training_data("tiny_data/corpus.txt", /*skip_bad_rows=*/false);
  SimcseModel model = make_model();
  AdamW optimizer = make_optimizer(model);
  std::vector<int64_t> order = epoch_order(static_cast<int64_t>(data.examples.size()), kSeed, 0);

  // Step `index` of the first epoch: the next 64 examples of the shuffled order.
  TrainingStep step(int64_t index, RandomStream* dropout) const {
    TrainingStep step{{}, data.columns, &tokenizer, kMaxLength, kSeed, static_cast<uint64_t>(index), dropout};
    for (int64_t k = index * kBatch; k < (index + 1) * kBatch; ++k) step.examples.push_back(&data.examples[order[k]]);
    return step;
  }

  static SimcseModel make_model() {
    const BertConfig config = BertConfig::from_file("tiny_data/bert_config.json");
    BertModel encoder(config, random_bert_parameters(config, encoder_init_key(kSeed)), /*with_pooler=*/false);
    SimcseSettings settings;
    settings.pooler_type = Pooler::avg;
    settings.temperature = 0.05;  // tau of eq. (1)
    return SimcseModel(std::move(encoder), settings, random_bert_parameters(config, heads_init_key(kSeed)));
  }
  static AdamW make_optimizer(const SimcseModel& model) {
    OptimizerSettings settings;
    settings.adamw.learning_rate = 1e-3;
    settings.total_steps = kSteps;
    return AdamW(model.named_parameters(), settings);
  }
};

// %% [markdown]
// ## 2. One step, taken apart
//
// `model.loss(step)` tokenises the step's examples and calls `model.cl_forward(batch, dropout)`,
// SimCSE's own name for the rest. Unsupervised SimCSE (§3) puts every sentence in the batch
// twice: `make_training_batch` lays the batch out as `cl_forward` expects it, sentence i at rows
// 2i and 2i + 1, so 64 sentences are 128 rows of token ids. One forward pass runs all 128; dropout draws a different
// mask for every row, so the two copies of a sentence come out as two different vectors: the
// positive pair of eq. (4). Eq. (1) then compares every first view with every second view:
//
//     l_i = −log( e^{sim(h_i, h_i⁺)/τ} / Σ_j e^{sim(h_i, h_j⁺)/τ} )
//
// a cross-entropy over the rows of the cosine matrix whose right answer for row i is column i.
// The loss written out here must equal `model.cl_forward`, bit for bit, when both draw the same
// dropout masks (two streams with the same seed and offset).

// %%
void section_one_step(Pieces& pieces) {
  cell_output();
  const TrainingStep step = pieces.step(0, nullptr);
  const TrainingBatch batch = make_training_batch(pieces.tokenizer, step.examples, step.columns, kMaxLength);
  std::printf("first sentence: \"%s\"\n", step.examples[0]->sentence.c_str());
  std::printf("input_ids            [%lld, %lld]  (64 sentences x 2 views, padded to the longest)\n",
              static_cast<long long>(batch.input.batch), static_cast<long long>(batch.input.seq_len));

  RandomStream dropout{kSeed, 0};
  const ForwardMode training{true, &dropout};
  const BertOutput output = pieces.model.encoder().forward(batch.input, training);
  std::printf("last_hidden_state    %s\n", output.last_hidden_state.shape().str().c_str());
  const Tensor pooled = pool(Pooler::avg, output);                          // [128, 64]
  const Tensor views = reshape(pooled, {kBatch, 2, pooled.dim(1)});         // [64, 2, 64]
  const Tensor z1 = select(views, 1, 0), z2 = select(views, 1, 1);         // [64, 64] each
  std::printf("pooled               %s -> views %s -> z1, z2 %s\n", pooled.shape().str().c_str(),
              views.shape().str().c_str(), z1.shape().str().c_str());
  const Tensor similarity = cosine_matrix(z1, z2);                          // [64, 64]: sim(h_i, h_j+)
  std::vector<int32_t> labels(kBatch);
  std::iota(labels.begin(), labels.end(), 0);                               // row i's positive: column i
  const Tensor by_hand = cross_entropy(scale(similarity, Scalar(1 / 0.05)), labels);
  std::printf("similarity           %s, mean sim(h_i, h_i+) %.4f\n", similarity.shape().str().c_str(),
              diagonal_mean(similarity));
  std::printf("loss by hand         %.6f   (log 64 = %.6f: a batch of strangers)\n", by_hand.item(),
              std::log(64.0));

  RandomStream same_masks{kSeed, 0};
  const Tensor loss = pieces.model.cl_forward(batch, same_masks);
  std::printf("model.cl_forward     %.6f\n", loss.item());
  claim(loss.item() == by_hand.item(), "model.cl_forward is eq. (1) written out above, bit for bit");
  claim(contrastive_loss(z1, z2, Tensor(), Scalar(0.05)).item() == by_hand.item(),
        "contrastive_loss(z1, z2) is the same cross-entropy");

  loss.backward();
  const Tensor& word_embeddings = pieces.model.encoder().parameters().get("embeddings.word_embeddings.weight");
  std::printf("backward: d loss / d word_embeddings has shape %s\n", word_embeddings.shape().str().c_str());
  const double norm = pieces.optimizer.clip_gradients();
  std::printf("gradient norm before clipping %.4f (clipped to 1.0 if larger)\n", norm);
  pieces.optimizer.zero_grad();  // this step was for looking; the loop below trains from scratch
}

// %% [markdown]
// ## 3. Twenty steps
//
// The loop of `simcse train`, without its trainer: every step takes the next 64 sentences of the
// epoch's shuffled order. The loss starts near log 64 (every candidate equally likely) and falls
// as the encoder learns to put the two views of a sentence closer than the other 63 sentences.

// %%
void section_twenty_steps(Pieces& pieces) {
  cell_output();
  RandomStream dropout{kSeed, 0};
  std::vector<double> losses;
  for (int64_t index = 0; index < kSteps; ++index) {
    const double learning_rate = pieces.optimizer.current_learning_rate();
    Tensor loss = pieces.model.loss(pieces.step(index, &dropout));  // both views through BERT, then eq. (1)
    loss.backward();
    const double grad_norm = pieces.optimizer.clip_gradients();
    pieces.optimizer.step();
    pieces.optimizer.zero_grad();
    losses.push_back(loss.item());
    std::printf("step %2lld  loss %.4f  grad norm %7.4f  lr %.2e\n", static_cast<long long>(index + 1), losses.back(),
                grad_norm, learning_rate);
  }
  const double first = (losses[0] + losses[1] + losses[2]) / 3;
  const double last = (losses[kSteps - 1] + losses[kSteps - 2] + losses[kSteps - 3]) / 3;
  std::printf("mean loss of steps 1-3: %.4f, of steps 18-20: %.4f\n", first, last);
  claim(last < first - 0.5, "the loss falls by more than 0.5 over twenty steps");
}

int main() {
  set_num_threads(2);  // the same seed and thread count give the same numbers, on any machine
  Pieces pieces;
  section_one_step(pieces);
  section_twenty_steps(pieces);
  return 0;
}
