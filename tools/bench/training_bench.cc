// training_bench.cc — the time of one unsupervised SimCSE training step (forward of both dropout
// views, InfoNCE, backward, gradient clipping, AdamW) on a randomly initialised BERT with the
// training MLP: `batch` sentences of exactly `seq` tokens, each passed twice (2 x batch rows).
// Prints one tab-separated row for tools/bench/40_training.sh:
//   name  seconds per step  sentences/s  peak resident MiB (getrusage of this process)
//
//   training_bench --name NAME --layers L --hidden H --heads A --intermediate I
//                  [--batch 64] [--seq 32] [--steps N] [--threads 2]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "backend/backend.h"
#include "core/autograd.h"
#include "simcse/simcse_model.h"
#include "bench_model.h"

using namespace simcse;

int main(int argc, char** argv) {
  const bench::BenchSettings flags = bench::parse_bench_flags(argc, argv, "training_bench", "--steps", 2);
  const BertConfig& config = flags.config;
  const int64_t batch = flags.batch, seq = flags.seq, steps = flags.repeats;
  set_num_threads(flags.threads);
  SimcseSettings settings;  // pooler cls + MLP, tau 0.05: the unsupervised recipe's training step
  SimcseModel model(BertModel(config, random_bert_parameters(config, 1), false), settings,
                    random_bert_parameters(config, 2));
  OptimizerSettings optimizer_settings;
  optimizer_settings.adamw.learning_rate = 3e-5;
  optimizer_settings.total_steps = steps + 1;
  AdamW optimizer(model.named_parameters(), optimizer_settings);

  TrainingBatch training;
  training.sentences_per_example = 2;
  training.input = {2 * batch, seq, std::vector<int32_t>(2 * batch * seq), std::vector<int32_t>(2 * batch * seq, 0),
                    std::vector<int32_t>(2 * batch * seq, 1)};
  std::mt19937 random(7);
  for (int64_t s = 0; s < batch; ++s)  // sentence s occupies rows 2s and 2s + 1: the two views
    for (int64_t t = 0; t < seq; ++t) {
      const int32_t id = t == 0 ? 101 : static_cast<int32_t>(1000 + random() % 29000);
      training.input.input_ids[(2 * s) * seq + t] = training.input.input_ids[(2 * s + 1) * seq + t] = id;
    }
  RandomStream stream{42};
  auto step = [&] {
    Tensor loss = model.cl_forward(training, stream);
    loss.backward();
    optimizer.clip_gradients();
    optimizer.step();
    for (const auto& entry : model.named_parameters()) entry.second.zero_grad();
  };
  step();  // warm-up: first-touch of buffers, thread pools, the optimizer's moments
  const auto start = std::chrono::steady_clock::now();
  for (int64_t s = 0; s < steps; ++s) step();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / steps;
  std::printf("%s\t%.3f\t%.1f\t%.0f\n", flags.name.c_str(), seconds, 2.0 * batch / seconds,
              bench::peak_resident_mib());
  return 0;
}
