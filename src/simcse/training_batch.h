// training_batch.h — turning training examples into the tensor inputs of one SimCSE step.
// Each example contributes its 2 or 3 sentences next to each other (sentence, positive[, hard
// negative]), the layout SimCSE's cl_forward reshapes to [batch, num_sent, seq]; for unsupervised
// data the positive is the sentence itself, so the encoder sees every sentence twice and the two
// dropout masks make the two views of eq. (4). With --do_mlm, a corrupted copy of the same ids.
// Paper: §3 eq. (4), §4 eq. (5) (the batch layout); Appendix D (the MLM inputs)
#pragma once

#include <cstdint>
#include <vector>

#include "simcse/mlm_masking.h"
#include "simcse/simcse_model.h"
#include "simcse/training_data.h"
#include "tokenizer/tokenizer.h"

namespace simcse {

// The examples of one step, each with its 2 or 3 sentences (`columns` of the training file: 1 or
// 2 give sentence and positive, 3 adds the hard negative), tokenised together (padded to the
// longest sentence, truncated to max_seq_length tokens).
TrainingBatch make_training_batch(const Tokenizer& tokenizer, const std::vector<const TrainingExample*>& examples,
                                  int columns, int max_seq_length);

// The MLM corruption SimCSE's data collator applies (80% [MASK], 10% random, 10% kept) for
// --mlm_probability of the ordinary tokens, never a special token of `vocab` (BERT's [MASK] etc., or
// RoBERTa's <mask> <s> </s> <pad> <unk>).
MlmSettings mlm_settings_for(const Vocabulary& vocab, double probability);

// Fills batch.mlm_input_ids and batch.mlm_labels: the corruption of training step `step`, drawn
// from the run's seed so that a resumed run corrupts the same tokens (`first_token`: see mask_tokens).
void add_mlm_inputs(TrainingBatch& batch, const MlmSettings& settings, uint64_t seed, uint64_t step,
                    uint64_t first_token = 0);

// Pads every row of the batch with [PAD] (`pad_id`, attention mask 0, token type 0) to `seq_len`
// tokens: the ranks of a data-parallel run pad to the longest sentence of the global batch, so each
// holds its rows of the tensors one process would hold.
void pad_batch(TrainingBatch& batch, int64_t seq_len, int32_t pad_id);

}  // namespace simcse
