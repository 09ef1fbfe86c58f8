// model_fingerprint.cc — one streaming SHA-256 (io/sha256.h) over the parameters in registration
// order (name, shape, float32 values), the head's description and Dense weights, and the
// normalisation flag.
// Paper: §2, eq. (1); §6.3
#include "search/model_fingerprint.h"

#include <vector>

#include "io/sha256.h"

namespace simcse {

namespace {

// A length before each piece, so ("ab", "c") and ("a", "bc") never hash alike.
void add_text(Sha256& digest, const std::string& text) {
  const uint64_t size = text.size();
  digest.update(&size, sizeof size);
  digest.update(text.data(), text.size());
}

void add_tensor(Sha256& digest, const std::string& name, const Tensor& tensor) {
  add_text(digest, name);
  for (int axis = 0; axis < tensor.rank(); ++axis) {
    const int64_t extent = tensor.dim(axis);
    digest.update(&extent, sizeof extent);
  }
  const std::vector<Scalar> values = tensor.to_vector();
  const std::vector<float> as_float(values.begin(), values.end());
  digest.update(as_float.data(), as_float.size() * sizeof(float));
}

}  // namespace

std::string model_fingerprint(const EmbeddingModel& model, bool normalize_to_unit) {
  Sha256 digest;
  add_text(digest, "simcse model fingerprint 1");
  for (const auto& [name, tensor] : model.bert().parameters().all()) add_tensor(digest, name, tensor);
  const SentenceHead& head = model.head();
  add_text(digest, "head: " + head.describe());
  for (size_t i = 0; i < head.layers.size(); ++i) {
    const HeadLayer& layer = head.layers[i];
    if (layer.kind != HeadLayer::Kind::dense) continue;
    add_tensor(digest, "head." + std::to_string(i) + ".weight", layer.weight);
    if (layer.bias.defined()) add_tensor(digest, "head." + std::to_string(i) + ".bias", layer.bias);
  }
  add_text(digest, normalize_to_unit ? "normalize_to_unit" : "as the head makes them");
  return digest.hex_digest();
}

}  // namespace simcse
