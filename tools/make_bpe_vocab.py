#!/usr/bin/env python3
"""make_bpe_vocab.py — learns the byte-level BPE vocabulary the RoBERTa tokenizer tests use.

Run from the repository root (needs the `tokenizers` package and the shared data):

    python3 tools/make_bpe_vocab.py [--shared-data ../shared/data]

Trains a GPT-2/RoBERTa-style byte-level BPE (ByteLevel pre-tokenizer, add_prefix_space=False, the
256 byte symbols as the initial alphabet, RoBERTa's five special tokens first) with 8,000 tokens on
the 28,219 sentences of train/unsup_sentences.txt, and writes, under tests/fixtures/tokenizer/bpe/:
  vocab.json      token -> id
  merges.txt      the merges in the order they were learned (rank = line index after "#version")
  tokenizer.json  the same model as one file: BPE + ByteLevel pre-tokenizer + RobertaProcessing
The learned vocabulary is derived from third-party sentences, so it lives with the test fixtures,
not in tiny_data/ (which holds only what the project wrote). Training is deterministic: rerunning
it with the same tokenizers version rewrites the same bytes.
"""
import argparse
import os
import sys

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

OUTPUT = "tests/fixtures/tokenizer/bpe"
CORPUS = "train/unsup_sentences.txt"  # relative to the shared data folder
VOCAB_SIZE = 8000
SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # RoBERTa's, with RoBERTa's ids 0..3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", default="../shared/data")
    args = parser.parse_args()
    corpus = os.path.join(args.shared_data, CORPUS)
    if not os.path.isfile(corpus):
        sys.exit("no corpus at %s" % corpus)

    train_byte_level_bpe(corpus, VOCAB_SIZE, OUTPUT)


def train_byte_level_bpe(corpus, vocab_size, output):
    """Learns the vocabulary from `corpus` and writes vocab.json, merges.txt and tokenizer.json into
    `output` (tools/make_roberta_fixtures.py learns a smaller one from tiny_data/ the same way)."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tokenizer.train([corpus], trainer)
    tokenizer.post_processor = processors.RobertaProcessing(("</s>", tokenizer.token_to_id("</s>")),
                                                            ("<s>", tokenizer.token_to_id("<s>")))
    os.makedirs(output, exist_ok=True)
    tokenizer.model.save(output)  # vocab.json, merges.txt
    tokenizer.save(os.path.join(output, "tokenizer.json"), pretty=False)
    print("%d tokens, %d merges -> %s" % (tokenizer.get_vocab_size(),
                                        sum(1 for _ in open(os.path.join(output, "merges.txt"))) - 1, output))


if __name__ == "__main__":
    main()
