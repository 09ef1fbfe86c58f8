// bert_sentence_encoder.cc — tokenise, encode, pool: SimCSE's evaluation batcher.
// Paper: §6.1 Evaluation setup; §6.3 (poolers)
#include "eval/bert_sentence_encoder.h"

#include <filesystem>

#include "core/error.h"
#include "nn/bert_checkpoint.h"

namespace simcse {

SentenceEncoder bert_sentence_encoder(const BertModel& model, const BertTokenizer& tokenizer, Pooler pooler,
                                      int max_length) {
  return [&model, &tokenizer, pooler, max_length](const std::vector<std::string>& sentences) {
    EncodedBatch encoded = tokenizer.encode_batch(sentences, max_length);
    const BertInput input{encoded.batch, encoded.seq_len, std::move(encoded.input_ids),
                          std::move(encoded.token_type_ids), std::move(encoded.attention_mask)};
    return sentence_embeddings(model, input, pooler);  // [batch, hidden], no graph
  };
}

SentenceEncoder load_bert_sentence_encoder(const std::string& model_dir, const std::string& pooler_name,
                                           Device device) {
  const Pooler pooler = pooler_from_name(pooler_name);  // before the (slow) load
  const std::string vocab_path = (std::filesystem::path(model_dir) / "vocab.txt").string();
  SIMCSE_CHECK(std::filesystem::is_regular_file(vocab_path), model_dir,
               ": no vocab.txt (the WordPiece vocabulary the tokenizer needs)");
  struct Owned {
    LoadedBert loaded;
    BertTokenizer tokenizer;
  };
  auto owned = std::make_shared<Owned>(
      Owned{load_bert(model_dir, device), BertTokenizer::from_vocab_file(vocab_path, checkpoint_lowercase(model_dir))});
  SIMCSE_CHECK(pooler != Pooler::cls || owned->loaded.model.has_pooler(), model_dir,
               " has no pooler weights, so --pooler cls is not available (try cls_before_pooler)");
  const int max_length = static_cast<int>(owned->loaded.model.config().max_position_embeddings);
  SentenceEncoder encoder = bert_sentence_encoder(owned->loaded.model, owned->tokenizer, pooler, max_length);
  return [owned, encoder](const std::vector<std::string>& sentences) { return encoder(sentences); };
}

}  // namespace simcse
