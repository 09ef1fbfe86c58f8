#!/usr/bin/env python3
"""tokenizer_hf.py — the measurement of tokenizer_bench.cc with Hugging Face, on one thread.

TOKENIZER is a vocab.txt (BertTokenizerFast) or a directory with vocab.json and merges.txt
(RobertaTokenizerFast), as tokenizer_bench.cc's --tokenizer.

Batches of BATCH sentences, truncated to MAX_LENGTH and padded to the longest row, best of REPEATS
passes; the timed calls only encode (the sum of ids is computed afterwards, untimed). Two numbers:
the Rust tokenizer called directly (the backend_tokenizer's encode_batch: the fair
comparison with our C++), and the transformers call SimCSE makes,
tokenizer(batch, padding=True, truncation=True, max_length=MAX_LENGTH), which adds Python's
conversion of the result to lists. One thread: RAYON_NUM_THREADS=1 and TOKENIZERS_PARALLELISM=false
are set before tokenizers is imported. Prints
    sentences<TAB>backend sentences/s<TAB>transformers sentences/s<TAB>checksum (sum of all ids)
Exits 3 when transformers or tokenizers is missing.

    tokenizer_hf.py TOKENIZER SENTENCES [BATCH MAX_LENGTH REPEATS]
"""
import os
import sys
import time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
try:
    from transformers import BertTokenizerFast, RobertaTokenizerFast
except ImportError:
    sys.exit(3)

tokenizer_path, sentences_path = sys.argv[1], sys.argv[2]
batch, max_length, repeats = (list(map(int, sys.argv[3:6])) + [64, 32, 5][len(sys.argv[3:6]):])[:3]
with open(sentences_path, "rb") as file:
    lines = file.read().split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()
sentences = [line.decode("utf-8", errors="replace") for line in lines]
batches = [sentences[i:i + batch] for i in range(0, len(sentences), batch)]

if os.path.isdir(tokenizer_path):
    tokenizer = RobertaTokenizerFast(os.path.join(tokenizer_path, "vocab.json"), os.path.join(tokenizer_path, "merges.txt"))
else:
    tokenizer = BertTokenizerFast(tokenizer_path)
backend = tokenizer.backend_tokenizer
backend.enable_truncation(max_length)
backend.enable_padding(pad_id=tokenizer.pad_token_id, pad_token=tokenizer.pad_token)


def best_rate(encode):
    best = float("inf")
    for repeat in range(repeats + 1):  # pass 0 warms up
        start = time.perf_counter()
        for texts in batches:
            encode(texts)
        seconds = time.perf_counter() - start
        if repeat > 0:
            best = min(best, seconds)
    return len(sentences) / best


backend_rate = best_rate(backend.encode_batch)
transformers_rate = best_rate(lambda texts: tokenizer(texts, padding=True, truncation=True, max_length=max_length))
checksum = sum(sum(encoding.ids) for texts in batches for encoding in backend.encode_batch(texts))  # untimed
print("%d\t%.0f\t%.0f\t%d" % (len(sentences), backend_rate, transformers_rate, checksum))
