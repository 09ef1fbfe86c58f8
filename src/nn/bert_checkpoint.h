// bert_checkpoint.h — Hugging Face model directories in and out of BertModel: load_bert (either weights
// format, SimCSE's training names mapped) and save_bert (what transformers' from_pretrained reads);
// BERT and RoBERTa alike, config.json's model_type telling them apart.
// Paper: none (infrastructure: checkpoints; §3 for the MLP -> pooler mapping)
#pragma once

// Loading reads config.json and the weights (model.safetensors, preferred as transformers does,
// or pytorch_model.bin), accepts parameter names with or without the "bert." prefix ("roberta." for
// RoBERTa: SimCSE's RobertaForCL) and legacy
// LayerNorm.gamma/beta names, and maps a SimCSE training checkpoint's MLP (mlp.dense.*) onto the
// pooler as SimCSE's simcse_to_huggingface.py does. Missing tensors and shape mismatches are one
// error listing every one of them; tensors the encoder does not use (an MLM head, lm_head.*,
// position_ids) are returned by name.

#include <string>
#include <vector>

#include "io/stored_tensor.h"
#include "nn/bert_model.h"

namespace simcse {

struct LoadedBert {
  BertModel model;
  std::string weights_file;             // which file the weights came from
  std::vector<std::string> unexpected;  // tensors in the file the encoder does not use, as stored
};

// Loads DIRECTORY/config.json and DIRECTORY/model.safetensors (or pytorch_model.bin), with the
// parameters on `device`; `weights_file`, when given, overrides which file the weights come from.
// The model has a pooler when the file has pooler (or mlp) weights.
LoadedBert load_bert(const std::string& directory, Device device = Device::cpu, const std::string& weights_file = "");

// The tensors of a weights file in either format, told apart by content, not file name.
TensorFileIndex read_weights_index(const std::string& path);

// The encoder's name for a tensor stored as `stored_name`: without the model type's prefix ("bert."
// or "roberta.", as SimCSE's BertForCL / RobertaForCL store it), with "mlp." read as "pooler."
// (SimCSE's training-time MLP is the pooler of the released checkpoints), and with
// LayerNorm.gamma / .beta read as .weight / .bias (checkpoints converted from TensorFlow).
std::string encoder_name(const std::string& stored_name, ModelType type);

// Writes FOLDER/{config.json, model.safetensors, the tokenizer files}: a Hugging Face BERT or
// RoBERTa directory. `tokenizer_files` is where the tokenizer comes from: for BERT a vocab.txt or a
// tokenizer.json (or a directory holding a vocab.txt), written as vocab.txt and as tokenizer.json (the same vocabulary and casing
// in the fast tokenizer's file) with tokenizer_config.json and special_tokens_map.json; for RoBERTa
// a directory whose vocab.json + merges.txt and/or tokenizer.json (and tokenizer_config.json,
// special_tokens_map.json, when there) are copied unchanged. `lowercase` is BERT's only.
void write_bert_files(const std::string& folder, const BertModel& model, const std::string& tokenizer_files,
                      bool lowercase);

// The same files as DIRECTORY's model, replacing the model there as one unit (io/model_directory.h):
// everything is written into a staging folder first and moved into place only once all of it was
// written, so a failure or a kill at any point leaves the old model or the new one, never a mix.
void save_bert(const std::string& directory, const BertModel& model, const std::string& tokenizer_files,
               bool lowercase);

// tokenizer_config.json's do_lower_case (true when the file or the field is absent, as for
// bert-base-uncased and every SimCSE checkpoint).
bool checkpoint_lowercase(const std::string& directory);

}  // namespace simcse
