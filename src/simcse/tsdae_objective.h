// tsdae_objective.h — TSDAE (Wang, Reimers & Gurevych, Findings of EMNLP 2021): a sentence-
// transformers model (BERT and its head, [CLS] pooling by default) learns sentence vectors by
// reconstructing each sentence from the vector of a damaged copy of it. The decoder
// (nn/bert_decoder.h) is the encoder's own BERT with cross-attention to that single vector,
// tied to the encoder, predicting the original sentence token by token:
//   loss = CE( decoder(original[:, :-1] | memory = f(delete_words(original))), original[:, 1:] )
// with padding positions ignored — sentence-transformers' DenoisingAutoEncoderLoss with
// tie_encoder_decoder=True, on pairs made by DenoisingAutoEncoderDataset (word_deletion.h).
// Paper: TSDAE §3 (eq. 1: the reconstruction objective; the decoder reads only the sentence vector)
#pragma once

#include "nn/bert_decoder.h"
#include "simcse/sentence_transformer_objective.h"

namespace simcse {

class TsdaeObjective final : public SentenceTransformerObjective {
 public:
  // `decoder_source` gives the decoder's own tensors (bert_decoder.h names).
  TsdaeObjective(BertModel encoder, const SentenceHead& head, double deletion_ratio,
                 const ParameterSource& decoder_source);

  // The decoder's scores for one batch: `damaged` through the encoder and head gives each sentence's
  // vector, the decoder reads it as a one-token memory and, at every position t of `original`
  // ([CLS] w_1 ... w_n [SEP]) but the last, scores the token that follows. [batch, seq - 1, vocab]
  Tensor reconstruction_scores(const BertInput& damaged, const BertInput& original, const ForwardMode& mode) const;
  // Their cross-entropy against original[:, 1:] with padding ignored (dropout on, masks from `stream`).
  Tensor reconstruction_loss(const BertInput& damaged, const BertInput& original, RandomStream& stream) const;
  // The same for a step's examples: each sentence damaged (the step's seed and index key the
  // deletion), both versions tokenised, then reconstruction_loss.
  Tensor loss(const TrainingStep& step) override;

  NamedTensors named_parameters() const override;  // encoder, head, then the decoder's own ("decoder.*")
  NamedTensors training_state() const override;    // the head and the decoder's own tensors
  nlohmann::json settings_json() const override;

  const BertDecoder& decoder() const { return decoder_; }

 private:
  double deletion_ratio_;
  BertDecoder decoder_;
};

}  // namespace simcse
