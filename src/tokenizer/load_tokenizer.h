// load_tokenizer.h — the tokenizer a model directory holds, as Hugging Face's AutoTokenizer picks
// it: a tokenizer.json whose model is BPE, or vocab.json + merges.txt, is RoBERTa's byte-level BPE;
// a vocab.txt, or a tokenizer.json whose model is WordPiece, is BERT's WordPiece.
// Paper: none (tokenization; SimCSE uses each checkpoint's own tokenizer unchanged, §3)
#pragma once

#include <memory>
#include <string>

#include "tokenizer/tokenizer.h"

namespace simcse {

// `path` is a model directory, a tokenizer.json, or a vocab.txt. In a directory a BPE tokenizer.json
// is read first (transformers prefers the "fast" file), then vocab.json + merges.txt, then vocab.txt,
// then a WordPiece tokenizer.json (what transformers 5 and sentence-transformers save: no vocab.txt).
// `lowercase` applies to vocab.txt only (BPE never changes case; a tokenizer.json says it itself).
std::unique_ptr<Tokenizer> load_tokenizer(const std::string& path, bool lowercase);

}  // namespace simcse
