// simcse_model.h — the model SimCSE trains (simcse/models.py, BertForCL and RobertaForCL): the
// encoder without its own pooler, a sentence-vector pooler, an MLP (dense + tanh) over [CLS] (<s>)
// for --pooler_type cls, and, with --do_mlm, the masked-LM head with a decoder of its own (SimCSE
// builds a fresh BertLMPredictionHead or RobertaLMHead and never ties it to the word embeddings).
// `cl_forward` is SimCSE's: every sentence of the batch through the encoder (dropout on: two passes
// of the same sentence are two views), pooled, split into anchors / positives / hard negatives,
// InfoNCE; plus mlm_weight x the MLM loss on a separately corrupted copy of the batch. It is the
// trainer's first TrainingObjective.
// Paper: §3 eq. (4), §4 eq. (5), §6.3 (poolers, the MLP), Appendix D (MLM)
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nn/bert_model.h"
#include "nn/poolers.h"
#include "ops/activation.h"
#include "simcse/adamw.h"
#include "simcse/training_objective.h"

namespace simcse {

struct SimcseSettings {
  Pooler pooler_type = Pooler::cls;
  bool mlp_only_train = false;      // unsupervised recipe: the MLP is used in training only
  double temperature = 0.05;        // tau of eq. (1)
  double margin = 0;                // m: lowers each positive's cosine (text-matching form; 0 = eq. (1))
  double hard_negative_weight = 0;  // log-weight on each row's own hard negative (Table 7)
  bool do_mlm = false;
  double mlm_weight = 0.1;          // lambda of Appendix D
  double mlm_probability = 0.15;    // share of ordinary tokens the MLM corrupts
};

// One tokenised training batch in SimCSE's layout: `sentences_per_example` rows per example
// (2: sentence and positive; 3: plus hard negative), example-major, as [batch, num_sent, len]
// flattened. With --do_mlm, a corrupted copy of the ids and the MLM labels (-100 = not predicted).
struct TrainingBatch {
  BertInput input;                   // [examples * sentences_per_example, seq]
  int64_t sentences_per_example = 2;
  std::vector<int32_t> mlm_input_ids;
  std::vector<int32_t> mlm_labels;
};

class SimcseModel final : public TrainingObjective {
 public:
  // `head_source` gives the MLP ("mlp.dense.*") and MLM head ("lm_head.*") values: N(0, 0.02)
  // weights, zero biases and LayerNorm gains of 1 for a fresh run (random_bert_parameters, as
  // BertPreTrainedModel._init_weights), or a checkpoint's on resume.
  SimcseModel(BertModel encoder, SimcseSettings settings, const ParameterSource& head_source);

  // The objective of one tokenised batch, as SimCSE's cl_forward computes it (dropout masks from
  // `stream`; a dropout of 0 in the config makes it deterministic, as the parity tests need).
  // With several ranks, `communicator` gathers every rank's sentence vectors as negatives (see
  // ops/all_gather.h) and the loss is the global batch's on every rank.
  // `queued_negatives` [queue, hidden]: extra negatives for every anchor (ESimCSE's momentum queue).
  Tensor cl_forward(const TrainingBatch& batch, RandomStream& stream, Communicator& communicator = single_process(),
                    const Tensor& queued_negatives = Tensor()) const;
  // The same for a step's examples: tokenised in SimCSE's layout (training_batch.h), corrupted for
  // the MLM with --do_mlm, then cl_forward.
  Tensor loss(const TrainingStep& step) override;

  // Sentence vectors as SimCSE evaluates them (sentemb_forward): no graph, no dropout, the MLP
  // only for pooler cls without --mlp_only_train. [batch, hidden]
  Tensor sentemb_forward(const BertInput& input) const override;
  // The pooler a Hugging Face copy of this model is evaluated with: cls (the MLP became BERT's
  // pooler), cls_before_pooler (the MLP was training-only), or the training pooler itself.
  Pooler evaluation_pooler() const;
  // The same as sentence-transformers says it (cls: the [CLS] token, then the MLP as a tanh Dense layer).
  SentenceHead evaluation_head() const override;

  // Every trainable tensor, encoder first, by name ("encoder.layer.0...", "mlp.dense.weight", ...).
  NamedTensors named_parameters() const override;
  // The heads alone (MLP, MLM head), for the training checkpoint.
  NamedTensors training_state() const override { return heads_.all(); }
  // A BertModel sharing these weights, with the MLP as its pooler when there is one, as
  // SimCSE's simcse_to_huggingface.py converts a training checkpoint: ready for save_bert.
  BertModel export_encoder() const override;
  // pooler_type, mlp_only_train, temp, hard_negative_weight, do_mlm (and the MLM's weight).
  nlohmann::json settings_json() const override;

  const SimcseSettings& settings() const { return settings_; }
  // What the loss sees of `encoder`'s sentence vectors in training: the pooler, then the MLP for
  // pooler cls. [rows, hidden] (ESimCSE pools its momentum encoder so, sharing the MLP.)
  Tensor training_sentence_vectors(const BertModel& encoder, const BertInput& input, const ForwardMode& mode) const;

 private:
  Tensor sentence_vectors(const BertOutput& output, bool training) const;  // [rows, hidden]
  Tensor mlm_loss(const TrainingBatch& batch, const ForwardMode& mode, Communicator& communicator) const;

  SimcseSettings settings_;
  ParameterStore heads_;
  std::unique_ptr<Linear> mlp_;  // "mlp.dense", for pooler cls
  // "lm_head" under SimCSE's names: dense, activation, LayerNorm, then the decoder. BERT's
  // BertLMPredictionHead nests the first three as "transform" and takes hidden_act; RoBERTa's
  // RobertaLMHead names them dense / layer_norm and always uses the erf GELU. The decoder's bias is
  // "lm_head.bias": transformers 4.2.1 (SimCSE's version) makes lm_head.decoder.bias the same
  // tensor, so SimCSE's state_dict lists it under both names.
  struct LmHead {
    Linear dense;           // "lm_head.transform.dense" (BERT), "lm_head.dense" (RoBERTa)
    LayerNorm norm;         // "lm_head.transform.LayerNorm" (BERT), "lm_head.layer_norm" (RoBERTa)
    Activation activation;  // hidden_act (BERT), gelu (RoBERTa)
    Tensor decoder_weight;  // "lm_head.decoder.weight" [vocab, hidden], not the word embeddings
    Tensor bias;            // "lm_head.bias" [vocab]
  };
  std::unique_ptr<LmHead> lm_head_;
};

}  // namespace simcse
