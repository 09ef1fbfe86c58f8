// model_fingerprint.h — which model made a set of sentence vectors: a SHA-256 over the encoder's
// weights, the head (poolers, Dense layers with their weights, Normalize) and whether the vectors
// were scaled to unit length. An index keeps it, and refuses queries embedded by any other model,
// whose vectors would live in another space and give meaningless cosines.
// Paper: §2, eq. (1) (cosine between vectors of one encoder); §6.3 (the pooler is part of the model)
#pragma once

#include <string>

#include "eval/embedding_model.h"

namespace simcse {

// Lower-case hex. The same weights give the same fingerprint whatever file held them (safetensors
// or pytorch_model.bin, float32 or float16 on disk: the values as the encoder holds them, in
// float32) and in either build (float or double), since every value is hashed as float32.
std::string model_fingerprint(const EmbeddingModel& model, bool normalize_to_unit);

}  // namespace simcse
