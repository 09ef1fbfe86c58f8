// training_batch.cc — examples to token ids, in SimCSE's [example, sentence] order.
// Paper: §3 eq. (4), §4 eq. (5); Appendix D
#include "simcse/training_batch.h"

#include <string>
#include <utility>

namespace simcse {

TrainingBatch make_training_batch(const BertTokenizer& tokenizer, const std::vector<const TrainingExample*>& examples,
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

void add_mlm_inputs(TrainingBatch& batch, const MlmSettings& settings, uint64_t seed, uint64_t step) {
  MaskedTokens masked = mask_tokens(batch.input.input_ids, settings, seed, step);
  batch.mlm_input_ids = std::move(masked.input_ids);
  batch.mlm_labels = std::move(masked.labels);
}

}  // namespace simcse
