// fuzz_vocab.cc — libFuzzer target: the input as vocab.txt (Vocabulary::from_file). When it loads,
// the input itself is also tokenized with it, cased and uncased, as a sentence and as a pair, so
// the tokenizer meets arbitrary bytes with an arbitrary vocabulary. Seeds: the fixtures' and
// tiny_data's vocab.txt.
#include "fuzz_support.h"
#include "tokenizer/bert_tokenizer.h"
#include "tokenizer/vocabulary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace simcse;
  const std::string text(fuzz::as_text(data, size));
  fuzz::errors_only([&] {
    const Vocabulary vocab = Vocabulary::from_file(fuzz::write_file("vocab.txt", text));
    for (bool lowercase : {true, false}) {
      const BertTokenizer tokenizer(vocab, lowercase);
      tokenizer.encode_batch({text, "a plain sentence."}, 32);
      tokenizer.encode_pair_batch({text}, {text.substr(0, text.size() / 2)}, 16);
    }
  });
  return 0;
}
