// bert_decoder.h — BERT turned into a decoder that reads a sentence vector: transformers'
// BertLMHeadModel with is_decoder=True and add_cross_attention=True, its weights tied to an encoder's
// as sentence-transformers' DenoisingAutoEncoderLoss ties them (tie_encoder_decoder=True), which is
// TSDAE's decoder (Wang, Reimers & Gurevych, 2021, §3).
// Paper: TSDAE §3 (the decoder); SimCSE §3 (the encoder it trains)
#pragma once

// Every decoder layer is an encoder layer with a cross-attention sub-layer between its two halves:
//   h = LayerNorm(h + dropout(SelfAttention_causal(h)))      tied: the encoder's layer i
//   h = LayerNorm(h + dropout(CrossAttention(h, memory)))    the decoder's own: "crossattention"
//   h = LayerNorm(h + dropout(FFN(h)))                       tied: the encoder's layer i
// The embeddings are the encoder's too, and the LM head's output matrix is the word embedding
// matrix (BertLMHeadModel ties them), so the decoder adds only the cross-attention layers, the LM
// head's transform and its output bias. Tied tensors are the same tensors: the decoder's use of
// them adds to the gradient the encoder's use gives, as in PyTorch.
//
// TSDAE's memory is one vector per sentence, [batch, 1, hidden]: every query's softmax over one
// key is 1, so cross-attention hands each position W_v r + b_v, projected (the query and key weights
// get no gradient; they are kept because BertLMHeadModel has them).

#include <cstdint>
#include <vector>

#include "nn/bert_model.h"

namespace simcse {

class BertDecoder {
 public:
  // `encoder`'s embeddings and layers are shared: the decoder holds handles to the same tensors.
  // `source` gives the decoder's own tensors, under
  // BertLMHeadModel's names: "bert.encoder.layer.<i>.crossattention.{self.query, self.key,
  // self.value, output.dense, output.LayerNorm}.*", "cls.predictions.transform.{dense,
  // LayerNorm}.*", "cls.predictions.bias".
  BertDecoder(const BertModel& encoder, const ParameterSource& source);

  // Scores over the vocabulary for every position of input_ids [batch, seq] (host ids, no padding
  // mask: the causal mask keeps every position from seeing the padding after it), reading
  // memory [batch, memory_len, hidden] with memory_mask [batch, memory_len]. Returns [batch, seq, vocab].
  Tensor forward(const std::vector<int32_t>& input_ids, int64_t batch, int64_t seq, const Tensor& memory,
                 const Tensor& memory_mask, const ForwardMode& mode) const;

  // The decoder's own tensors (not the tied ones), by name.
  const ParameterStore& parameters() const { return own_; }

 private:
  BertConfig config_;
  ParameterStore tied_;  // handles to the encoder's tensors (embeddings, layers), registered again here
  ParameterStore own_;
  BertEmbeddings embeddings_;
  struct Layer {
    BertLayer tied;              // the encoder's layer i: self-attention and feed-forward
    BertAttention cross;         // "bert.encoder.layer.<i>.crossattention"
  };
  std::vector<Layer> layers_;
  Linear transform;              // "cls.predictions.transform.dense"
  LayerNorm transform_norm;      // "cls.predictions.transform.LayerNorm"
  Tensor output_bias;            // "cls.predictions.bias" [vocab]
};

}  // namespace simcse
