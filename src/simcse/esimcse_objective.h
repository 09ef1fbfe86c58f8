// esimcse_objective.h — ESimCSE (Wu et al., COLING 2022): SimCSE's objective with two changes.
//   1. The positive view repeats a few sub-words of the sentence (word_repetition.h), so the two
//      views differ in length and length stops being a clue to similarity (§3.1).
//   2. A momentum encoder — an exponential moving average of the encoder's weights, no gradient —
//      encodes each batch's sentences once more; the last queue_size of those vectors wait in a
//      first-in-first-out queue and join every anchor's denominator as extra negatives (§3.2,
//      eq. 3), as MoCo enlarges the set of negatives without enlarging the batch.
// The loss itself is SimCSE's (SimcseModel::cl_forward with the queue's vectors as extra columns),
// the saved model SimCSE's: the momentum encoder and the queue exist only in training (and in
// training checkpoints, so that a resumed run continues bit for bit).
// Paper: ESimCSE §3.1 (word repetition), §3.2 (momentum contrast, eq. 3-4), §4.1 (dup_rate 0.32,
// momentum 0.995, queue of 2.5 x batch)
#pragma once

#include <memory>

#include "simcse/simcse_model.h"
#include "simcse/training_objective.h"

namespace simcse {

struct EsimcseSettings {
  bool word_repetition = true;  // --positive word_repetition (else the positive is the sentence itself)
  double dup_rate = 0.32;       // --dup_rate
  double momentum = 0.995;      // --momentum: lambda of eq. (4), theta_m <- lambda theta_m + (1 - lambda) theta_e
  int64_t queue_size = 0;       // --queue_size: how many momentum vectors wait as negatives (0: no queue)
};

class EsimcseObjective final : public TrainingObjective {
 public:
  // `state_source` gives SimCSE's heads, and on resume the momentum encoder ("momentum.<name>") and
  // the queue ("momentum_queue"); `resuming` false starts the momentum encoder as a copy of `encoder`
  // and the queue empty.
  EsimcseObjective(BertModel encoder, SimcseSettings simcse, EsimcseSettings settings,
                   const ParameterSource& state_source, bool resuming);

  // One step as the public code takes it: the momentum encoder moves towards the current weights
  // (eq. 4); the loss is InfoNCE over the in-batch positives and the queue's vectors; then the
  // momentum encoder (no dropout) encodes the batch's sentences and they enter the queue, the
  // oldest leaving once it holds queue_size. The queue a step sees holds earlier batches only.
  Tensor loss(const TrainingStep& step) override;

  NamedTensors named_parameters() const override { return simcse_.named_parameters(); }
  // SimCSE's heads, the momentum encoder's weights and the queue.
  NamedTensors training_state() const override;
  Tensor sentemb_forward(const BertInput& input) const override { return simcse_.sentemb_forward(input); }
  BertModel export_encoder() const override { return simcse_.export_encoder(); }
  SentenceHead evaluation_head() const override { return simcse_.evaluation_head(); }
  nlohmann::json settings_json() const override;
  // The queue needs unsupervised or pair data: the public code's queued loss has no hard negatives.
  void check_training_data(const TrainingData& data, const std::string& path) const override;

  const Tensor& queue() const { return queue_; }  // [queued, hidden]; undefined before the first step

 private:
  void follow_encoder();  // theta_m <- momentum theta_m + (1 - momentum) theta (eq. 4)

  SimcseModel simcse_;
  EsimcseSettings settings_;
  std::unique_ptr<BertModel> momentum_encoder_;  // with a queue only
  Tensor queue_;
};

}  // namespace simcse
