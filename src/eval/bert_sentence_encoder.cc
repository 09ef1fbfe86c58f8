// bert_sentence_encoder.cc — tokenise, encode, pool: SimCSE's evaluation batcher.
// Paper: §6.1 Evaluation setup; §6.3 (poolers)
#include "eval/bert_sentence_encoder.h"

namespace simcse {

SentenceEncoder bert_sentence_encoder(const BertModel& model, const Tokenizer& tokenizer, Pooler pooler,
                                      int max_length) {
  return [&model, &tokenizer, pooler, max_length](const std::vector<std::string>& sentences) {
    EncodedBatch encoded = tokenizer.encode_batch(sentences, max_length);
    const BertInput input{encoded.batch, encoded.seq_len, std::move(encoded.input_ids),
                          std::move(encoded.token_type_ids), std::move(encoded.attention_mask)};
    return sentence_embeddings(model, input, pooler);  // [batch, hidden], no graph
  };
}

SentenceEncoder embedding_model_encoder(std::shared_ptr<const EmbeddingModel> model) {
  return [model](const std::vector<std::string>& sentences) {
    return model->embed_batch(sentences, model->default_max_length()).to(Device::cpu);  // [batch, dimension]
  };
}

}  // namespace simcse
