// embedding_model.cc — choosing the head, loading BERT and tokenizer from the right folder, and
// length-sorted batched encoding with the results put back in input order.
// Paper: §6.1 (sentences embedded without fine-tuning, compared by cosine); §6.3 (poolers)
#include "eval/embedding_model.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <optional>

#include "core/autograd.h"
#include "io/json_file.h"
#include "io/model_directory.h"
#include "nn/sentence_transformers_files.h"
#include "ops/ops.h"
#include "simcse/saved_model.h"
#include "tokenizer/char_classes.h"
#include "tokenizer/load_tokenizer.h"
#include "tokenizer/utf8.h"

namespace simcse {

namespace fs = std::filesystem;

namespace {

// tokenizer_config.json's model_max_length, when it is a real limit (transformers writes a huge
// sentinel, int(1e30), for "none").
std::optional<int64_t> tokenizer_max_length(const fs::path& folder) {
  const fs::path path = folder / "tokenizer_config.json";
  if (!fs::is_regular_file(path)) return std::nullopt;
  const nlohmann::json config = read_json_file(path.string(), "tokenizer config");
  if (!config.is_object() || !config.contains("model_max_length") || !config["model_max_length"].is_number_integer())
    return std::nullopt;
  const int64_t length = config["model_max_length"].get<int64_t>();
  return length >= 2 && length < (int64_t{1} << 31) ? std::optional<int64_t>(length) : std::nullopt;
}

}  // namespace

EmbeddingModel::EmbeddingModel(const std::string& directory, const EmbeddingModelOptions& options) {
  finish_interrupted_save(directory);
  const std::optional<Pooler> requested =
      options.pooler.empty() ? std::nullopt : std::optional<Pooler>(pooler_from_name(options.pooler));  // before the slow load
  const std::optional<SentenceTransformersLayout> layout =
      requested ? std::nullopt : read_sentence_transformers_layout(directory);
  // Read even next to modules.json: a sidecar naming a pooler there too is an error (two files, one fact).
  const std::optional<Pooler> sidecar = requested ? std::nullopt : sidecar_evaluation_pooler(directory);
  SIMCSE_CHECK(requested || layout || sidecar || !options.fallback_pooler.empty(), directory,
               " has no modules.json or ", kSidecarFile,
               " saying how to pool: give --pooler (cls for supervised SimCSE checkpoints, cls_before_pooler for "
               "unsupervised ones, avg_first_last for plain BERT)");

  const std::string bert_folder = layout ? layout->transformer_folder : directory;
  loaded_ = std::make_unique<LoadedBert>(load_bert(bert_folder, options.device));
  tokenizer_ = load_tokenizer(bert_folder, checkpoint_lowercase(bert_folder));
  const int64_t hidden = loaded_->model.config().hidden_size;
  if (requested) {
    head_ = SentenceHead::of_pooler(*requested), head_source_ = "--pooler";
  } else if (layout) {
    head_ = load_sentence_transformers_head(*layout, hidden, options.device), head_source_ = kModulesFile;
    lowercase_text_ = layout->do_lower_case;
  } else if (sidecar) {
    head_ = SentenceHead::of_pooler(*sidecar), head_source_ = kSidecarFile;
  } else {
    head_ = SentenceHead::of_pooler(pooler_from_name(options.fallback_pooler)), head_source_ = "the default";
  }
  SIMCSE_CHECK(!head_.needs_bert_pooler() || loaded_->model.has_pooler(), directory,
               " has no pooler weights, so the cls pooler is not available (try cls_before_pooler)");
  dimension_ = head_.dimension(hidden);

  const int64_t positions = loaded_->model.config().max_sequence_length();
  int64_t length = positions;
  if (layout) {
    if (std::optional<int64_t> stated = layout->max_seq_length ? layout->max_seq_length : tokenizer_max_length(bert_folder))
      length = std::min(*stated, positions);
  }
  default_max_length_ = static_cast<int>(std::min<int64_t>(length, int64_t{1} << 30));
}

int EmbeddingModel::max_positions() const {
  return static_cast<int>(std::min<int64_t>(loaded_->model.config().max_sequence_length(), int64_t{1} << 30));
}

std::string EmbeddingModel::prepare(const std::string& sentence) const {
  if (!lowercase_text_) return sentence;
  std::string lowered;  // sentence-transformers' do_lower_case: the text lowercased before tokenizing
  for (size_t position = 0; position < sentence.size();) {
    const utf8::DecodedChar decoded = utf8::decode(sentence, position);
    if (decoded.valid) {
      utf8::append(lowered, to_lower(decoded.code_point));
    } else {
      lowered.append(sentence, position, decoded.length);  // the tokenizer reports invalid bytes
    }
    position += decoded.length;
  }
  return lowered;
}

int64_t EmbeddingModel::token_count(const std::string& sentence) const {
  return static_cast<int64_t>(tokenizer_->encode_ids(prepare(sentence)).size()) + 2;  // [CLS] a [SEP], <s> a </s>
}

Tensor EmbeddingModel::embed_batch(const std::vector<std::string>& texts, int max_length) const {
  std::vector<std::string> prepared;
  for (const std::string& text : texts) prepared.push_back(prepare(text));
  EncodedBatch encoded = tokenizer_->encode_batch(prepared, max_length);
  const BertInput input{encoded.batch, encoded.seq_len, std::move(encoded.input_ids), std::move(encoded.token_type_ids),
                        std::move(encoded.attention_mask)};
  NoGradGuard no_grad;
  return head_.apply(loaded_->model.forward(input, ForwardMode{}, head_.needs_hidden_states()));
}

SentenceVectors EmbeddingModel::encode(const std::vector<std::string>& sentences, int64_t batch_size, int max_length,
                                      bool normalize, const std::function<void(int64_t)>& progress) const {
  SIMCSE_CHECK(batch_size > 0, "encode: the batch size must be positive, got ", batch_size);
  SIMCSE_CHECK(max_length >= 2 && max_length <= max_positions(), "encode: max_length ", max_length,
               " must be in [2, ", max_positions(), "] (the model's max_position_embeddings)");
  const int64_t count = static_cast<int64_t>(sentences.size());
  SentenceVectors result;
  result.rows = count, result.cols = dimension_;
  result.values.resize(static_cast<size_t>(count * dimension_));
  // Shortest first, so each batch pads to a length close to its own sentences' (as SentEval sorts).
  std::vector<int64_t> lengths(count), order(count);
  for (int64_t i = 0; i < count; ++i) {
    lengths[i] = token_count(sentences[i]);
    if (lengths[i] > max_length) ++result.truncated;
  }
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return lengths[a] < lengths[b]; });
  for (int64_t begin = 0; begin < count; begin += batch_size) {
    const int64_t end = std::min(count, begin + batch_size);
    std::vector<std::string> texts;
    for (int64_t k = begin; k < end; ++k) texts.push_back(sentences[order[k]]);
    Tensor vectors = embed_batch(texts, max_length);  // [batch, dimension]
    if (normalize) {
      NoGradGuard no_grad;
      vectors = l2_normalize(vectors);
    }
    const std::vector<Scalar> values = vectors.to_vector();
    for (size_t k = 0; k < values.size(); ++k)
      SIMCSE_CHECK(std::isfinite(values[k]), "sentence ", order[begin + static_cast<int64_t>(k) / dimension_] + 1,
                   " has a non-finite embedding (does the checkpoint hold NaN or Inf weights?)");
    for (int64_t row = 0; row < end - begin; ++row)
      std::copy_n(values.begin() + row * dimension_, dimension_,
                  result.values.begin() + order[begin + row] * dimension_);
    if (progress) progress(end);
  }
  return result;
}

}  // namespace simcse
