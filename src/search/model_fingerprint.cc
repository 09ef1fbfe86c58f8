// model_fingerprint.cc — one streaming SHA-256 (OpenSSL's EVP) over the parameters in registration
// order (name, shape, float32 values), the head's description and Dense weights, and the
// normalisation flag.
// Paper: §2, eq. (1); §6.3
#include "search/model_fingerprint.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "core/error.h"

namespace simcse {

namespace {

class Digest {
 public:
  Digest() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    SIMCSE_CHECK(context_ && EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) == 1,
                 "model fingerprint: SHA-256 is unavailable");
  }
  void add(const void* bytes, size_t size) {
    SIMCSE_CHECK(EVP_DigestUpdate(context_.get(), bytes, size) == 1, "model fingerprint: SHA-256 update failed");
  }
  // A length before each piece, so ("ab", "c") and ("a", "bc") never hash alike.
  void add_text(const std::string& text) {
    const uint64_t size = text.size();
    add(&size, sizeof size);
    add(text.data(), text.size());
  }
  void add_tensor(const std::string& name, const Tensor& tensor) {
    add_text(name);
    for (int axis = 0; axis < tensor.rank(); ++axis) {
      const int64_t extent = tensor.dim(axis);
      add(&extent, sizeof extent);
    }
    const std::vector<Scalar> values = tensor.to_vector();
    const std::vector<float> as_float(values.begin(), values.end());
    add(as_float.data(), as_float.size() * sizeof(float));
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    SIMCSE_CHECK(EVP_DigestFinal_ex(context_.get(), digest, &length) == 1, "model fingerprint: SHA-256 failed");
    std::string text;
    char pair[3];
    for (unsigned int i = 0; i < length; ++i) {
      std::snprintf(pair, sizeof pair, "%02x", digest[i]);
      text += pair;
    }
    return text;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context_;
};

}  // namespace

std::string model_fingerprint(const EmbeddingModel& model, bool normalize_to_unit) {
  Digest digest;
  digest.add_text("simcse model fingerprint 1");
  for (const auto& [name, tensor] : model.bert().parameters().all()) digest.add_tensor(name, tensor);
  const SentenceHead& head = model.head();
  digest.add_text("head: " + head.describe());
  for (size_t i = 0; i < head.layers.size(); ++i) {
    const HeadLayer& layer = head.layers[i];
    if (layer.kind != HeadLayer::Kind::dense) continue;
    digest.add_tensor("head." + std::to_string(i) + ".weight", layer.weight);
    if (layer.bias.defined()) digest.add_tensor("head." + std::to_string(i) + ".bias", layer.bias);
  }
  digest.add_text(normalize_to_unit ? "normalize_to_unit" : "as the head makes them");
  return digest.hex();
}

}  // namespace simcse
