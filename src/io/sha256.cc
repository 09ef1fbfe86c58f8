// sha256.cc — SHA-256 through OpenSSL's EVP interface, streamed over the file in 1 MiB pieces.
// Paper: none (infrastructure: reproducibility records)
#include "io/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "core/error.h"

namespace simcse {

Sha256::Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
  SIMCSE_CHECK(context_ && EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) == 1,
               "SHA-256: OpenSSL could not start a digest");
}

void Sha256::update(const void* data, size_t size) {
  SIMCSE_CHECK(EVP_DigestUpdate(context_.get(), data, size) == 1, "SHA-256: OpenSSL digest update failed");
}

std::string Sha256::hex_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  SIMCSE_CHECK(EVP_DigestFinal_ex(context_.get(), digest, &length) == 1, "SHA-256: OpenSSL digest failed");
  std::string hex;
  char pair[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", digest[i]);
    hex += pair;
  }
  return hex;
}

std::string sha256_of_bytes(const std::string& bytes) {
  Sha256 hash;
  hash.update(bytes.data(), bytes.size());
  return hash.hex_digest();
}

std::string sha256_of_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  SIMCSE_CHECK(file.good(), "cannot read ", path, " to hash it");
  Sha256 hash;
  std::vector<char> buffer(1 << 20);
  while (file.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || file.gcount() > 0)
    hash.update(buffer.data(), static_cast<size_t>(file.gcount()));
  SIMCSE_CHECK(file.eof(), "reading ", path, " failed while hashing it");
  return hash.hex_digest();
}

}  // namespace simcse
