// sentence_transformers_files.h — sentence-transformers model directories in and out: modules.json
// (the modules in order), sentence_bert_config.json (max_seq_length, do_lower_case), the Pooling
// module's config.json (every pooling mode), Dense modules (config.json + weights) and Normalize.
// Paper: §3 (the [CLS] representation with an MLP), §6.3 (poolers)
#pragma once

// A directory sentence-transformers saved (all-MiniLM-L6-v2, a SimCSE model converted by it) is a
// Hugging Face BERT plus these files; `SentenceTransformer(dir).encode` runs the listed modules in
// order. What this project implements, and reads in both the files' older form (sentence-
// transformers 2-5: word_embedding_dimension, pooling_mode_*_tokens booleans, max_seq_length in
// sentence_bert_config.json) and the newer one (6: embedding_dimension, pooling_mode names, the
// length in tokenizer_config.json's model_max_length):
//   Transformer  first, with path "" (the directory itself) or a sub-folder holding the BERT
//   Pooling      once, before any Dense: cls, mean, max, mean_sqrt_len_tokens, weightedmean,
//                lasttoken, several concatenated in sentence-transformers' order
//   Dense        in_features -> out_features, bias, activation Tanh / Identity / ReLU / GELU
//   Normalize    L2 normalisation
// Any other module, mode, activation or field is an error naming the file and the field.
//
// What `simcse train` writes so sentence-transformers opens its output with the head the model is
// evaluated with: modules.json (Transformer, Pooling, then its Dense and Normalize layers; for SimCSE's
// `cls` pooler, a Dense layer with tanh holding BERT's pooler weights), sentence_bert_config.json,
// 1_Pooling/config.json and the layers' folders, in the older form, which every release reads. avg_top2 and avg_first_last
// read layers sentence-transformers' Pooling cannot see: such a model gets no modules.json.

#include <optional>
#include <string>
#include <vector>

#include "core/device.h"
#include "nn/sentence_head.h"
#include "nn/bert_model.h"

namespace simcse {

inline constexpr const char* kModulesFile = "modules.json";

struct SentenceTransformersLayout {
  std::string transformer_folder;        // where the BERT is: the directory or a sub-folder
  std::optional<int64_t> max_seq_length;  // sentence_bert_config.json's, when it says one
  bool do_lower_case = false;            // lowercase the text before the tokenizer sees it
  std::vector<Pooler> pooling;           // in concatenation order
  int64_t pooling_dimension = 0;         // the token width the Pooling config names
  std::string pooling_config;            // its path, for messages
  struct LayerFolder {
    HeadLayer::Kind kind;
    std::string folder;
  };
  std::vector<LayerFolder> layers;       // after the pooling, in order
};

// What DIRECTORY/modules.json and the files it names say, or nothing when there is no modules.json.
// A malformed or unsupported file is an error naming it and the field.
std::optional<SentenceTransformersLayout> read_sentence_transformers_layout(const std::string& directory);

// The head the layout describes, Dense weights loaded onto `device`, checked against the BERT's
// width `hidden` (the pooling dimension, each Dense layer's in_features: they must chain).
SentenceHead load_sentence_transformers_head(const SentenceTransformersLayout& layout, int64_t hidden, Device device);

// Can sentence-transformers' modules say this pooler? (Every one but avg_top2 and avg_first_last.)
bool sentence_transformers_can_say(Pooler pooler);

// sentence-transformers' Pooling mode name ("mean", "cls", ...) as a pooler; an error listing them otherwise.
Pooler pooler_from_sentence_transformers_mode(const std::string& name);
// A Dense activation by name: tanh, identity (none), relu, gelu.
std::optional<Activation> dense_activation_from_name(const std::string& name);

// How sentence-transformers says a model's pooler: the pooler itself, except SimCSE's `cls`,
// tanh(W h_[CLS] + b), which is the [CLS] token then a tanh Dense layer holding BERT's pooler weights.
SentenceHead sentence_transformers_head_of(Pooler pooler, const BertModel& model);

// Writes FOLDER/{modules.json, sentence_bert_config.json, 1_Pooling/config.json} and a folder per
// layer of the head: k_Dense/{config.json, model.safetensors} or k_Normalize/, in the older file form.
// Every pooler must be one sentence_transformers_can_say (and not `cls`: give sentence_transformers_head_of's).
void write_sentence_transformers_files(const std::string& folder, const SentenceHead& head, int64_t hidden,
                                       int64_t max_seq_length);

}  // namespace simcse
