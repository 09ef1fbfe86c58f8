// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cpp
//       format_name: percent
// ---

// %% [markdown]
// # Notebook 11: ESimCSE — views of different lengths, and negatives from the past
//
// ESimCSE changes two things in unsupervised SimCSE. Its positive view repeats a few sub-words of the
// sentence, so the two views no longer have the same length; and a momentum encoder (a slowly moving
// average of the encoder) encodes each batch once more, keeping its vectors in a queue whose entries
// serve the next batches as extra negatives. This notebook shows both on tiny_data: what the
// repetition does to a sentence's tokens, then the queue filling (and the loss it adds to) during a
// few steps of training.

// %%
#include <cstdio>
#include <vector>

#include "notebook.h"
#include "simcse/adamw.h"
#include "simcse/esimcse_objective.h"
#include "simcse/random_streams.h"
#include "simcse/training_data.h"
#include "simcse/word_repetition.h"
#include "tokenizer/bert_tokenizer.h"

using namespace simcse;

// %% [markdown]
// ## 1. Word repetition
//
// For a sentence of L sub-word tokens ([CLS] and [SEP] included), the public code draws
// dup_len uniformly from 0 .. min(10, floor(dup_rate L)) - 1, picks that many positions among the
// ordinary tokens and says each of them twice. With dup_rate 0.32 a 9-token sentence repeats 0 or 1
// token, a 20-token one 0 to 5. Five draws (five training steps) of the longest sentence among
// tiny_data's first 50:

// %%
void word_repetition() {
  cell_output();
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file("tiny_data/vocab.txt");
  const TrainingData data = load_training_data("tiny_data/corpus.txt", /*skip_bad_rows=*/false);
  std::vector<int32_t> ids;
  for (int i = 0; i < 50; ++i) {
    std::vector<int32_t> candidate = tokenizer.encode_batch({data.examples[i].sentence}, 32).input_ids;
    if (candidate.size() > ids.size()) ids = candidate;
  }
  auto words = [&](const std::vector<int32_t>& row) {
    std::string text;
    for (int32_t id : row) text += (text.empty() ? "" : " ") + tokenizer.vocab().token(id);
    return text;
  };
  std::printf("sentence (%zu tokens): %s\n", ids.size(), words(ids).c_str());
  bool lengths_differ = false;
  for (uint64_t step = 0; step < 5; ++step) {
    const std::vector<int32_t> repeated = repeat_words(ids, 0.32, 42, kWordRepetitionOffset + step, 0);
    std::printf("step %llu (%zu tokens): %s\n", static_cast<unsigned long long>(step), repeated.size(),
                words(repeated).c_str());
    lengths_differ = lengths_differ || repeated.size() != ids.size();
  }
  claim(lengths_differ, "some positive views are longer than the sentence");
}

// %% [markdown]
// ## 2. The momentum queue
//
// Eq. (4) of the paper moves the momentum encoder towards the encoder after every step,
// theta_m <- lambda theta_m + (1 - lambda) theta, with lambda = 0.995: it changes slowly, so the
// vectors it wrote a few steps ago are still comparable with today's. Each step, the batch's
// sentences go through it (no dropout) and enter a first-in-first-out queue; eq. (3) adds a term
// e^{sim(h_i, q_k)/tau} per queued vector to every anchor's denominator. The queue a step sees holds
// earlier batches only, so the first step's loss is SimCSE's.
//
// tiny_data's 2-layer, 64-wide BERT, batches of 16, a queue of 40 (2.5 x the batch, the paper's
// ratio), word repetition on: the queue's length after each step, and the loss.

// %%
void momentum_queue() {
  cell_output();
  const BertTokenizer tokenizer = BertTokenizer::from_vocab_file("tiny_data/vocab.txt");
  const TrainingData data = load_training_data("tiny_data/corpus.txt", /*skip_bad_rows=*/false);
  const BertConfig config = BertConfig::from_file("tiny_data/bert_config.json");
  SimcseSettings simcse;
  simcse.pooler_type = Pooler::cls;
  EsimcseSettings settings;
  settings.queue_size = 40;
  EsimcseObjective model(BertModel(config, random_bert_parameters(config, encoder_init_key(11)), false), simcse,
                         settings, random_bert_parameters(config, heads_init_key(11)), /*resuming=*/false);
  OptimizerSettings optimizer_settings;
  optimizer_settings.adamw.learning_rate = 1e-3;
  optimizer_settings.total_steps = 6;
  AdamW optimizer(model.named_parameters(), optimizer_settings);
  RandomStream dropout{11};
  int64_t longest_queue = 0;
  for (int64_t step = 0; step < 6; ++step) {
    TrainingStep batch{{}, 1, &tokenizer, 32, 11, static_cast<uint64_t>(step), &dropout};
    for (int64_t i = 0; i < 16; ++i) batch.examples.push_back(&data.examples[step * 16 + i]);
    const int64_t negatives = 16 + (model.queue().defined() ? model.queue().dim(0) : 0);
    Tensor loss = model.loss(batch);
    std::printf("step %lld: %2lld candidates per anchor, loss %.4f, queue now %lld vectors\n",
                static_cast<long long>(step + 1), static_cast<long long>(negatives), loss.item(),
                static_cast<long long>(model.queue().dim(0)));
    longest_queue = std::max(longest_queue, model.queue().dim(0));
    loss.backward();
    optimizer.clip_gradients();
    optimizer.step();
    optimizer.zero_grad();
  }
  claim(longest_queue == 40, "the queue fills up to its size and no further");
}

int main() {
  word_repetition();
  momentum_queue();
}
