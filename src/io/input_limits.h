// input_limits.h — every limit a reader of outside input enforces, in one place, each with the
// reason for its value; docs/03-bert-encoder.md (§3.3, "Limits") has them as a table.
// Paper: none (infrastructure: reading untrusted files)
#pragma once

// A limit exists so that no input, however built, can crash a reader (a stack overflow on deep
// nesting), hang it, or make it allocate without bound before the input has been checked. Each is
// far above what a real file needs; going over one is an error naming the file and the limit.

#include <cstdint>
#include <string>
#include <string_view>

namespace simcse {

constexpr uint64_t kMiB = uint64_t{1} << 20;

// ---- nesting ------------------------------------------------------------------------------------
// Levels of JSON arrays and objects: as many as the reference safetensors reader allows (serde_json
// with its default recursion limit of 128 accepts 127). config.json nests 2 deep, a safetensors
// header 3.
constexpr int kMaxJsonDepth = 127;
// Pickle containers inside each other: a state_dict nests 4 deep (dict, tensor call, its
// arguments, the shape tuple). Freeing nested values recurses, so depth is what costs stack.
constexpr int kMaxPickleDepth = 128;

// ---- whole-file reads ---------------------------------------------------------------------------
// config.json, tokenizer_config.json (bert-base's: 570 and 48 bytes).
constexpr uint64_t kMaxJsonFileBytes = 64 * kMiB;
// vocab.txt (bert-base's: 232 KB; a 250,000-token multilingual vocabulary: about 3 MB).
constexpr uint64_t kMaxVocabFileBytes = 64 * kMiB;

// ---- checkpoints --------------------------------------------------------------------------------
// The safetensors header (JSON): the reference library's limit. bert-base's is 20 KB.
constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;
// Tensors in one weights file, either format (bert-base: 199; the largest published shards hold
// a few thousand).
constexpr uint64_t kMaxTensorsPerFile = 1'000'000;
// A torch.save zip: its central directory (46 bytes + name per entry; bert-base's: 12 KB), and
// any entry read whole (data.pkl: 30 KB for bert-base; 100 bytes and a name per tensor). The
// unpickled values of data.pkl take at most ~150 bytes per pickle byte.
constexpr uint64_t kMaxZipDirectoryBytes = 64 * kMiB;
constexpr uint64_t kMaxPickleBytes = 16 * kMiB;

// ---- model configs ------------------------------------------------------------------------------
// vocab_size, hidden_size, intermediate_size, max_position_embeddings, type_vocab_size,
// num_attention_heads: token and position ids are int32.
constexpr int64_t kMaxConfigDimension = 2'147'483'647;
// num_hidden_layers (BERT-large: 24; the deepest published encoders: about 100).
constexpr int64_t kMaxConfigLayers = 4096;
// Parameters of the model a config describes: 2^36, 256 GiB of float32, over 100 times
// BERT-large. Below it every size in bytes fits 64 bits with room to spare.
constexpr int64_t kMaxModelParameters = int64_t{1} << 36;

// ---- text files ---------------------------------------------------------------------------------
// One line (or CSV record) of a training file. A SimCSE sentence is a few hundred bytes; a longer
// "line" is a file that is not text, or whose line endings were not recognised.
constexpr uint64_t kMaxLineBytes = 1 * kMiB;

// ---- messages -----------------------------------------------------------------------------------
// A piece of input quoted in an error message (a name, a token, a JSON value) is cut to this many
// bytes, so no input can make a message as large as itself.
constexpr size_t kMaxQuotedBytes = 200;

// `text`, or its first kMaxQuotedBytes bytes followed by "... (N bytes)".
inline std::string quoted_input(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes) return std::string(text);
  size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace simcse
