#!/usr/bin/env python3
"""make_roberta_fixtures.py — reference outputs of transformers' RobertaModel for the C++ encoder tests.

Writes tests/fixtures/roberta/:

  tokenizer/                 a 600-token byte-level BPE learned from tiny_data/corpus.txt (the team's
                             own sentences) by tools/make_bpe_vocab.py's trainer: vocab.json,
                             merges.txt, tokenizer.json; <s> <pad> </s> <unk> <mask> are ids 0..4
  <config>/                  one Hugging Face RoBERTa directory per configuration: config.json,
      model.safetensors (save_pretrained), pytorch_model.bin (torch.save of the state_dict),
      vocab.json, merges.txt, tokenizer_config.json
      inputs.json            the sentences and the padded batch RobertaTokenizerFast made of them
      goldens_float32.safetensors / goldens_float64.safetensors
                             hidden_states.0 .. hidden_states.L, pooler_output and pooled.<pooler> for
                             SimCSE's five poolers (tools/make_encoder_fixtures.py's goldens)
  simcse_train_roberta/      left_pad_gelu's weights as SimCSE's RobertaForCL training checkpoint:
                             "roberta." prefix, the MLP as mlp.dense.*, a RobertaLMHead as lm_head.*
                             (dense, layer_norm, decoder, bias), the position_ids buffer;
                             pytorch_model.bin only; its goldens are left_pad_gelu's

What RoBERTa changes is exercised on purpose: left_pad_gelu pads on the left, so its position ids
(counted from pad_token_id + 1 over the non-padding tokens) differ from 0 .. n-1 shifted, and its
max_position_embeddings is exactly the longest row + pad_token_id + 1; pairs_gelu_new holds
sentence pairs (<s> a </s></s> b </s>) with the tanh GELU and 3 layers. Both use RoBERTa's one token
type and layer_norm_eps 1e-5. Weights are randomised as in make_encoder_fixtures.py (every
parameter visibly changes the output, the padding rows of both embeddings included).

    python3 tools/make_roberta_fixtures.py      # needs torch, transformers, safetensors, tokenizers
"""
import json
import pathlib
import shutil

import torch
from transformers import RobertaConfig, RobertaModel, RobertaTokenizerFast
from transformers.models.roberta.modeling_roberta import RobertaLMHead

from make_bpe_vocab import train_byte_level_bpe
from make_encoder_fixtures import randomise, save_training_checkpoint, save_with_goldens, write_fixture_batch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "roberta"
TOKENIZER = OUT / "tokenizer"
CORPUS = ROOT / "tiny_data" / "corpus.txt"
VOCAB_SIZE = 600

CONFIGS = {
    "left_pad_gelu": dict(hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=40,
                          hidden_act="gelu", pairs=False, seed=4),
    "pairs_gelu_new": dict(hidden_size=12, num_hidden_layers=3, num_attention_heads=3, intermediate_size=20,
                           hidden_act="gelu_new", pairs=True, seed=5),
}


def fixture_sentences():
    """Corpus sentences of different lengths, and three pairs."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    singles = [lines[0], lines[7] + " " + lines[8], lines[2], "A dog!"]
    pairs = [(lines[10], lines[11]), (lines[12] + " " + lines[13], lines[14]), ("Cats.", lines[15])]
    return singles, pairs


def tokenizer_files(directory):
    for name in ("vocab.json", "merges.txt"):
        shutil.copy(TOKENIZER / name, directory / name)
    (directory / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "RobertaTokenizer", "bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>",
         "sep_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>",
         "add_prefix_space": False}, indent=2) + "\n")


def make_config(name, spec, tokenizer, singles, pairs):
    directory = OUT / name
    batch = write_fixture_batch(directory, tokenizer, spec, singles, pairs, "right" if spec["pairs"] else "left")
    seq_len = int(batch["input_ids"].shape[1])

    pad = tokenizer.pad_token_id
    # left_pad_gelu: exactly enough positions (ids pad+1 .. pad+seq_len); pairs: some to spare.
    max_positions = seq_len + pad + 1 + (5 if spec["pairs"] else 0)
    config = RobertaConfig(vocab_size=len(tokenizer), type_vocab_size=1, pad_token_id=pad, bos_token_id=0,
                           eos_token_id=2, layer_norm_eps=1e-5, max_position_embeddings=max_positions,
                           **{k: v for k, v in spec.items() if k not in ("pairs", "seed")})
    config._attn_implementation = "eager"  # the textbook attention, op for op
    model = RobertaModel(config).eval()
    randomise(model, spec["seed"])
    save_with_goldens(model, directory, batch)
    tokenizer_files(directory)
    return model


def make_simcse_training_checkpoint(model):
    """What SimCSE's train.py saves for RoBERTa: RobertaForCL's state_dict, with --do_mlm's head."""
    directory = OUT / "simcse_train_roberta"
    torch.manual_seed(6)  # the head's initialisation, so a rerun writes the same bytes
    lm_head = RobertaLMHead(model.config)
    save_training_checkpoint(model, directory, "roberta", OUT / "left_pad_gelu" / "config.json", "RobertaForCL",
                             [("lm_head." + name, value) for name, value in lm_head.state_dict().items()])
    tokenizer_files(directory)


def main():
    train_byte_level_bpe(str(CORPUS), VOCAB_SIZE, str(TOKENIZER))
    tokenizer = RobertaTokenizerFast(str(TOKENIZER / "vocab.json"), str(TOKENIZER / "merges.txt"))
    assert [tokenizer.bos_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id] == [0, 1, 2]
    singles, pairs = fixture_sentences()
    models = {name: make_config(name, spec, tokenizer, singles, pairs) for name, spec in CONFIGS.items()}
    make_simcse_training_checkpoint(models["left_pad_gelu"])
    written = [TOKENIZER, OUT / "simcse_train_roberta"] + [OUT / name for name in CONFIGS]
    total = sum(f.stat().st_size for folder in written for f in folder.rglob("*") if f.is_file())
    print(f"wrote {OUT.relative_to(ROOT)} ({total / 1024:.0f} KiB, vocabulary of {len(tokenizer)} tokens)")


if __name__ == "__main__":
    main()
