// embedding_model.h — a sentence-embedding model opened from its directory, whatever wrote it:
// `simcse train` (a BERT + the pooler it must be evaluated with), SimCSE's or Hugging Face's
// checkpoints (a BERT; the pooler is named by hand), or sentence-transformers (a BERT + modules.json:
// pooling, Dense, Normalize). `simcse encode`, `simcse similarity`, `simcse eval` and the public
// library (simcse.h) all embed through this one type.
// Paper: §6.1 (sentences embedded without fine-tuning, compared by cosine); §6.3 (poolers)
#pragma once

// Which head turns token vectors into the sentence vector, first that applies:
//   1. a pooler named by the caller (--pooler; SimCSE's tool's `pooler`): that pooler alone,
//      replacing whatever the directory says (as SimCSE's tool ignores sentence-transformers files);
//   2. modules.json (nn/sentence_transformers_files.h): sentence-transformers' modules;
//   3. simcse_config.json's evaluation_pooler (a model `simcse train` wrote with a pooler
//      sentence-transformers cannot say, or an older one);
//   4. the caller's fallback (`simcse eval`: cls, as SimCSE's evaluation.py), else an error asking
//      for --pooler.
// The tokenizer is the directory's (tokenizer/load_tokenizer.h: vocab.txt, else tokenizer.json).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nn/bert_checkpoint.h"
#include "nn/sentence_head.h"
#include "tokenizer/tokenizer.h"

namespace simcse {

struct EmbeddingModelOptions {
  Device device = Device::cpu;
  std::string pooler;           // a pooler name that replaces the directory's head; "" = the directory's
  std::string fallback_pooler;  // when the directory names none; "" = an error asking for --pooler
};

// What one call of EmbeddingModel::encode returns: [rows, cols] float32 in input order.
struct SentenceVectors {
  int64_t rows = 0, cols = 0;
  std::vector<float> values;
  int64_t truncated = 0;  // sentences longer than max_length tokens, cut to it
};

class EmbeddingModel {
 public:
  EmbeddingModel(const std::string& directory, const EmbeddingModelOptions& options);

  const BertModel& bert() const { return loaded_->model; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  const SentenceHead& head() const { return head_; }
  int64_t dimension() const { return dimension_; }
  // Where the head came from: "--pooler", "modules.json", "simcse_config.json" or "the default".
  const std::string& head_source() const { return head_source_; }
  // Tensors in the weights file the encoder does not use (an MLM head, position_ids), as stored.
  const LoadedBert& loaded() const { return *loaded_; }

  // The model's own length limit in tokens, special tokens included: sentence-transformers'
  // max_seq_length (sentence_bert_config.json, else tokenizer_config.json's model_max_length)
  // when the directory is one, else the positions the model numbers (BertConfig::max_sequence_length:
  // max_position_embeddings, less pad_token_id + 1 for RoBERTa); never above those.
  int default_max_length() const { return default_max_length_; }
  int max_positions() const;

  // Token count of a sentence with its special tokens (what max_length cuts).
  int64_t token_count(const std::string& sentence) const;

  // One batch, one forward pass without a graph: [texts.size(), dimension()] on the model's device.
  Tensor embed_batch(const std::vector<std::string>& texts, int max_length) const;

  // Every sentence, in batches of `batch_size` taken in order of token count (each batch pads to
  // its own longest sentence; padding never changes a vector, the attention mask hides it), rows
  // in input order; L2-normalised at the end with `normalize`. A non-finite vector is an error
  // naming the sentence. `progress(done)` is called after each batch.
  SentenceVectors encode(const std::vector<std::string>& sentences, int64_t batch_size, int max_length, bool normalize,
                         const std::function<void(int64_t done)>& progress = {}) const;

 private:
  std::string prepare(const std::string& sentence) const;  // do_lower_case, when the directory asks

  std::unique_ptr<LoadedBert> loaded_;  // (BertModel has no empty state)
  std::unique_ptr<Tokenizer> tokenizer_;
  SentenceHead head_;
  std::string head_source_;
  int64_t dimension_ = 0;
  int default_max_length_ = 0;
  bool lowercase_text_ = false;
};

}  // namespace simcse
