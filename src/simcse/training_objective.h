// training_objective.h — what a training method is to the trainer. SimCSE (SimcseModel) is the
// first; its successors and sentence-transformers' losses plug in the same way, so the trainer's
// loop (batch, loss, backward, clip, AdamW, after_update) never grows a branch per method.
// Paper: §3, §4 (SimCSE's objective is the first implementation)
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "dist/communicator.h"
#include "nn/bert_model.h"
#include "nn/poolers.h"
#include "nn/sentence_head.h"
#include "simcse/adamw.h"
#include "simcse/training_arguments.h"
#include "simcse/training_data.h"
#include "tokenizer/tokenizer.h"

namespace simcse {

// One step's examples and what an objective may draw on to turn them into a loss: the tokenizer,
// the run's seed and the step's index (per-step randomness such as MLM masking is keyed by them,
// so a resumed run draws the same), and the dropout stream.
struct TrainingStep {
  std::vector<const TrainingExample*> examples;  // [batch]
  int columns = 1;                               // of the training file: 1 (.txt), 2 (pairs), 3 (triplets)
  const Tokenizer* tokenizer = nullptr;  // the model's own: WordPiece (BERT) or byte-level BPE (RoBERTa)
  int max_seq_length = 32;
  uint64_t seed = 0;
  uint64_t index = 0;  // 0 for the first step of the run
  RandomStream* dropout = nullptr;
  // The ranks of a data-parallel run (null: one process). Each rank's examples are its shard of the
  // global batch; objectives whose loss couples sentences (in-batch negatives) gather across ranks.
  Communicator* communicator = nullptr;
};

class TrainingObjective {
 public:
  virtual ~TrainingObjective() = default;

  // The loss of one step, with its graph (dropout on).
  virtual Tensor loss(const TrainingStep& step) = 0;
  // Called after every optimizer update, for state that follows the weights (a momentum encoder).
  virtual void after_update() {}

  // Every trainable tensor by name, the encoder's first: what AdamW updates.
  virtual NamedTensors named_parameters() const = 0;
  // What a training checkpoint keeps besides the encoder (heads, buffers), by name; the objective
  // is rebuilt from these names on resume.
  virtual NamedTensors training_state() const = 0;

  const BertModel& encoder() const { return encoder_; }
  // Sentence vectors as the method evaluates them: no graph, no dropout. [batch, hidden]
  virtual Tensor sentemb_forward(const BertInput& input) const = 0;
  // The model to save as a Hugging Face directory, the head it must be evaluated with (written as
  // sentence-transformers' modules), and the settings it was trained with (the sidecar's "training"
  // block, under train.py's flag names).
  virtual BertModel export_encoder() const = 0;
  virtual SentenceHead evaluation_head() const = 0;
  virtual nlohmann::json settings_json() const = 0;

  // Refuses, before step 1, training data this method cannot use (naming the file and line).
  virtual void check_training_data(const TrainingData& /*data*/, const std::string& /*path*/) const {}

 protected:
  explicit TrainingObjective(BertModel encoder) : encoder_(std::move(encoder)) {}
  BertModel encoder_;
};

// The objective `args` asks for, around `encoder` (already without BERT's pooler); its own
// tensors come from `state_source`: fresh values for a new run, a checkpoint's on resume.
std::unique_ptr<TrainingObjective> make_training_objective(const TrainingArguments& args, BertModel encoder,
                                                           const ParameterSource& state_source);

}  // namespace simcse
