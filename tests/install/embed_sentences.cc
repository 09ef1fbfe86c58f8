// embed_sentences.cc — a program of the library's users, compiled by tests/install/check_install.sh
// against the installed copy only (pkg-config --cflags --libs simcse): prints the cosine matrix
// of its sentences under the model directory argv[1], with the pooler argv[2].
// Paper: §6.1 (sentences compared by cosine)
#include <simcse/simcse.h>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: embed_sentences MODEL_DIR POOLER\n"), 2;
  try {
    const simcse::SentenceModel model(argv[1], {"cpu", argv[2]});
    const simcse::Matrix vectors = model.encode({"a man is playing guitar", "a woman is riding a horse", "a dog is running"});
    const simcse::Matrix cosines = simcse::similarity(vectors, vectors);
    for (int64_t i = 0; i < cosines.rows; ++i)
      for (int64_t j = 0; j < cosines.cols; ++j) std::printf("%.6f%c", cosines(i, j), j + 1 < cosines.cols ? '\t' : '\n');
    std::fprintf(stderr, "%s, %lld dimensions, %s\n", model.head().c_str(), static_cast<long long>(model.dimension()),
                 simcse::scalar_type());
  } catch (const std::exception& error) {
    return std::fprintf(stderr, "error: %s\n", error.what()), 1;
  }
}
