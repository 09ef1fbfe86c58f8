// training_batch.cc — examples to token ids, in SimCSE's [example, sentence] order.
// Paper: §3 eq. (4), §4 eq. (5); Appendix D
#include "simcse/training_batch.h"

#include <algorithm>
#include <string>
#include <utility>

namespace simcse {

TrainingBatch make_training_batch(const Tokenizer& tokenizer, const std::vector<const TrainingExample*>& examples,
                                  int columns, int max_seq_length) {
  const int per_example = columns == 3 ? 3 : 2;
  std::vector<std::string> sentences;  // [examples * per_example]
  for (const TrainingExample* example : examples) {
    sentences.push_back(example->sentence);
    sentences.push_back(example->positive);
    if (per_example == 3) sentences.push_back(example->hard_negative);
  }
  EncodedBatch encoded = tokenizer.encode_batch(sentences, max_seq_length);
  TrainingBatch batch;
  batch.input = {encoded.batch, encoded.seq_len, std::move(encoded.input_ids), std::move(encoded.token_type_ids),
                 std::move(encoded.attention_mask)};  // [count * per_example, seq]
  batch.sentences_per_example = per_example;
  return batch;
}

MlmSettings mlm_settings_for(const Vocabulary& vocab, double probability) {
  MlmSettings settings;
  settings.probability = probability;
  settings.mask_id = vocab.mask_id();
  settings.vocab_size = vocab.size();
  settings.special_ids = {vocab.pad_id(), vocab.unk_id(), vocab.cls_id(), vocab.sep_id(), vocab.mask_id()};
  return settings;
}

void add_mlm_inputs(TrainingBatch& batch, const MlmSettings& settings, uint64_t seed, uint64_t step,
                    uint64_t first_token) {
  MaskedTokens masked = mask_tokens(batch.input.input_ids, settings, seed, step, first_token);
  batch.mlm_input_ids = std::move(masked.input_ids);
  batch.mlm_labels = std::move(masked.labels);
}

void pad_batch(TrainingBatch& batch, int64_t seq_len, int32_t pad_id) {
  BertInput& input = batch.input;
  SIMCSE_CHECK(seq_len >= input.seq_len, "pad_batch: cannot shorten rows of ", input.seq_len, " tokens to ", seq_len);
  if (seq_len == input.seq_len) return;
  auto widen = [&](std::vector<int32_t>& rows, int32_t fill) {  // [batch, seq] -> [batch, seq_len]
    std::vector<int32_t> wide(static_cast<size_t>(input.batch * seq_len), fill);
    for (int64_t r = 0; r < input.batch; ++r)
      std::copy_n(rows.begin() + r * input.seq_len, input.seq_len, wide.begin() + r * seq_len);
    rows = std::move(wide);
  };
  if (input.attention_mask.empty()) input.attention_mask.assign(input.input_ids.size(), 1);  // empty meant "no padding"
  widen(input.input_ids, pad_id);
  if (!input.token_type_ids.empty()) widen(input.token_type_ids, 0);  // empty stays "all segment 0"
  widen(input.attention_mask, 0);
  input.seq_len = seq_len;
}

}  // namespace simcse
