#!/usr/bin/env python3
"""make_encoder_fixtures.py — reference outputs of transformers' BertModel for the C++ encoder tests.

Writes tests/fixtures/encoder/:

  vocab.txt                  the five special tokens + every WordPiece the fixture sentences use,
                             taken from the BERT uncased vocabulary (greedy longest-match WordPiece
                             on a subset that holds every piece the full vocabulary produces gives
                             the same pieces, checked below)
  <config>/                  one Hugging Face model directory per configuration:
      config.json, model.safetensors (save_pretrained), pytorch_model.bin (torch.save of the
      state_dict), vocab.txt, tokenizer_config.json, special_tokens_map.json
      inputs.json            the sentences and the padded batch transformers' tokenizer made of them
      goldens_float32.safetensors / goldens_float64.safetensors
                             hidden_states.0 .. hidden_states.L, pooler_output and pooled.<pooler> for
                             SimCSE's five poolers, from a float32 run and from a float64 run of the
                             same weights (model.double())
  simcse_train_relu/         the one_layer_relu weights as a SimCSE *training* checkpoint
                             (BertForCL: "bert." prefix, the MLP as mlp.dense.*, a position_ids
                             int64 buffer), pytorch_model.bin only; its goldens are one_layer_relu's
  malformed/                 small files the loaders must reject with a clear error

The configurations differ in shape on purpose: odd_heads_gelu has 3 heads and an intermediate size
(100) that is not a multiple of 64; pairs_gelu_new uses the tanh GELU, 3 layers (so avg_top2 and
avg_first_last differ) and sentence pairs (token_type_ids = 1 on the second segment);
one_layer_relu has a single layer (hidden_states[1] is the last layer).

Weights are random but not BERT's N(0, 0.02): biases and LayerNorm parameters are non-zero and
linear weights have std 1/sqrt(fan_in), so every parameter visibly changes the output and a wrongly
loaded tensor cannot hide.

    python3 tools/make_encoder_fixtures.py        # needs torch, transformers, safetensors
"""
import collections
import copy
import json
import pathlib
import shutil
import zipfile

import torch
from safetensors.torch import save_file
from transformers import BertConfig, BertModel, BertTokenizer

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "tests" / "fixtures" / "encoder"
STSB_DEV = DATA / "senteval" / "downstream" / "STS" / "STSBenchmark" / "sts-dev.csv"
FULL_VOCAB = DATA / "vocab" / "bert-base-uncased" / "vocab.txt"
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
POOLERS = ["cls", "cls_before_pooler", "avg", "avg_top2", "avg_first_last"]

CONFIGS = {
    "odd_heads_gelu": dict(hidden_size=18, num_hidden_layers=2, num_attention_heads=3, intermediate_size=100,
                           hidden_act="gelu", max_position_embeddings=24, pairs=False, seed=1),
    "pairs_gelu_new": dict(hidden_size=16, num_hidden_layers=3, num_attention_heads=2, intermediate_size=40,
                           hidden_act="gelu_new", max_position_embeddings=32, pairs=True, seed=2),
    "one_layer_relu": dict(hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=12,
                           hidden_act="relu", max_position_embeddings=24, pairs=False, seed=3),
}


def stsb_dev_rows():
    return [line.rstrip("\n").split("\t") for line in STSB_DEV.open(encoding="utf-8")]


def fixture_sentences():
    """Single sentences of different lengths (one splits into ##pieces) and three sentence pairs."""
    rows = stsb_dev_rows()
    singles = [rows[0][5], rows[1300][5], rows[400][5], rows[700][6]]
    pairs = [(rows[3][5], rows[3][6]), (rows[100][5], rows[100][6]), (rows[400][5], rows[400][6])]
    return singles, pairs


def write_subset_vocab(texts):
    full = BertTokenizer(str(FULL_VOCAB), do_lower_case=True)
    used = {piece for text in texts for piece in full.tokenize(text)}
    tokens = SPECIALS + [t for t in FULL_VOCAB.read_text(encoding="utf-8").splitlines() if t in used]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    subset = BertTokenizer(str(OUT / "vocab.txt"), do_lower_case=True)
    for text in texts:
        assert subset.tokenize(text) == full.tokenize(text), text
    return subset


def randomise(model, seed):
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            noise = torch.randn(parameter.shape, generator=generator)
            if "LayerNorm.weight" in name:
                parameter.copy_(1 + 0.2 * noise)
            elif name.endswith(".bias") or "LayerNorm" in name:
                parameter.copy_(0.2 * noise)
            elif "embeddings" in name:
                parameter.copy_(0.5 * noise)
            else:  # a Linear weight [out, in]
                parameter.copy_(noise / parameter.shape[1] ** 0.5)


def simcse_pooled(outputs, attention_mask):
    """The five poolers exactly as SimCSE's evaluation.py computes them."""
    last_hidden, hidden_states = outputs.last_hidden_state, outputs.hidden_states
    mask = attention_mask.unsqueeze(-1).to(last_hidden.dtype)
    count = attention_mask.sum(-1).unsqueeze(-1)
    return {
        "cls": outputs.pooler_output,
        "cls_before_pooler": last_hidden[:, 0],
        "avg": (last_hidden * mask).sum(1) / count,
        "avg_top2": ((hidden_states[-1] + hidden_states[-2]) / 2.0 * mask).sum(1) / count,
        "avg_first_last": ((hidden_states[1] + hidden_states[-1]) / 2.0 * mask).sum(1) / count,
    }


def goldens(model, batch):
    with torch.no_grad():
        outputs = model(**batch, output_hidden_states=True)
    assert len(outputs.hidden_states) == model.config.num_hidden_layers + 1
    assert torch.equal(outputs.hidden_states[-1], outputs.last_hidden_state)
    tensors = {f"hidden_states.{i}": h for i, h in enumerate(outputs.hidden_states)}
    tensors["pooler_output"] = outputs.pooler_output
    for name, value in simcse_pooled(outputs, batch["attention_mask"]).items():
        tensors[f"pooled.{name}"] = value
    return {name: value.contiguous().clone() for name, value in tensors.items()}  # no shared memory


def write_tokenizer_files(directory):
    shutil.copy(OUT / "vocab.txt", directory / "vocab.txt")
    (directory / "tokenizer_config.json").write_text(json.dumps(
        {"do_lower_case": True, "tokenizer_class": "BertTokenizer", "model_max_length": 512,
         "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "mask_token": "[MASK]",
         "unk_token": "[UNK]"}, indent=2) + "\n")
    (directory / "special_tokens_map.json").write_text(json.dumps(
        {"cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "mask_token": "[MASK]",
         "unk_token": "[UNK]"}, indent=2) + "\n")


def write_fixture_batch(directory, tokenizer, spec, singles, pairs, padding_side="right"):
    """The padded batch the tokenizer makes of the pairs (spec["pairs"]) or the single sentences, as
    the model reads it and as DIRECTORY/inputs.json; a tokenizer without token types (RoBERTa's) gets 0s."""
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer.padding_side = padding_side
    if spec["pairs"]:
        first, second = [p[0] for p in pairs], [p[1] for p in pairs]
        encoded = tokenizer(first, second, padding=True, return_tensors="pt")
        inputs = {"sentences": first, "second_sentences": second}
    else:
        encoded = tokenizer(singles, padding=True, return_tensors="pt")
        inputs = {"sentences": singles}
    tokenizer.padding_side = "right"
    if padding_side != "right":
        inputs["padding_side"] = padding_side
    batch = {"input_ids": encoded["input_ids"],
             "token_type_ids": encoded.get("token_type_ids", torch.zeros_like(encoded["input_ids"])),
             "attention_mask": encoded["attention_mask"]}
    inputs.update({"batch": int(batch["input_ids"].shape[0]), "seq_len": int(batch["input_ids"].shape[1])})
    inputs.update({key: value.reshape(-1).tolist() for key, value in batch.items()})
    (directory / "inputs.json").write_text(json.dumps(inputs) + "\n")
    return batch


def make_config(name, spec, vocab_size, tokenizer, singles, pairs):
    directory = OUT / name
    batch = write_fixture_batch(directory, tokenizer, spec, singles, pairs)

    config = BertConfig(vocab_size=vocab_size, type_vocab_size=2, pad_token_id=0, layer_norm_eps=1e-12,
                        **{k: v for k, v in spec.items() if k not in ("pairs", "seed")})
    config._attn_implementation = "eager"  # the textbook attention, op for op
    model = BertModel(config).eval()
    randomise(model, spec["seed"])
    save_with_goldens(model, directory, batch)
    write_tokenizer_files(directory)
    return model


def save_with_goldens(model, directory, batch):
    """Both weights formats, and the goldens of `batch` in float32 and float64 (model.double())."""
    model.save_pretrained(directory)  # config.json + model.safetensors
    torch.save(model.state_dict(), directory / "pytorch_model.bin")
    save_file(goldens(model, batch), directory / "goldens_float32.safetensors")
    model64 = copy.deepcopy(model).double()
    save_file(goldens(model64, batch), directory / "goldens_float64.safetensors")


def make_simcse_training_checkpoint(model):
    """What SimCSE's train.py saves: BertForCL's state_dict, before simcse_to_huggingface.py."""
    directory = OUT / "simcse_train_relu"
    save_training_checkpoint(model, directory, "bert", OUT / "one_layer_relu" / "config.json", "BertForCL")
    write_tokenizer_files(directory)


def save_training_checkpoint(model, directory, prefix, config_file, architecture, heads=()):
    """SimCSE's *ForCL state_dict (pytorch_model.bin): the encoder under `prefix`., its pooler as
    mlp.*, the position_ids buffer, then `heads` ((name, tensor) pairs); config.json is `config_file`
    naming `architecture`."""
    directory.mkdir(parents=True, exist_ok=True)
    state = collections.OrderedDict()
    for name, value in model.state_dict().items():
        state[name.replace("pooler.", "mlp.") if name.startswith("pooler.") else f"{prefix}.{name}"] = value
    state[f"{prefix}.embeddings.position_ids"] = torch.arange(model.config.max_position_embeddings).expand((1, -1))
    state.update(heads)
    torch.save(state, directory / "pytorch_model.bin")
    config = json.loads(config_file.read_text())
    config["architectures"] = [architecture]
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n")


def make_malformed():
    directory = OUT / "malformed"
    directory.mkdir(parents=True, exist_ok=True)
    weight = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    # A transposed view: torch.save keeps its storage and strides (1, 4), which is not row-major.
    torch.save({"weight": weight.t()}, directory / "noncontiguous.bin")
    # PyTorch never compresses, but a zip tool re-packing the archive might.
    plain = directory / "plain.bin"
    torch.save({"weight": weight}, plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(directory / "compressed.bin", "w",
                                                           zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    plain.unlink()
    # The pre-1.6 format (a bare pickle stream, not a zip).
    torch.save({"weight": weight}, directory / "legacy.bin", _use_new_zipfile_serialization=False)


def main():
    singles, pairs = fixture_sentences()
    tokenizer = write_subset_vocab(singles + [s for pair in pairs for s in pair])
    vocab_size = len((OUT / "vocab.txt").read_text(encoding="utf-8").splitlines())
    models = {name: make_config(name, spec, vocab_size, tokenizer, singles, pairs) for name, spec in CONFIGS.items()}
    make_simcse_training_checkpoint(models["one_layer_relu"])
    make_malformed()
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"wrote {OUT.relative_to(ROOT)} ({total / 1024:.0f} KiB, vocabulary of {vocab_size} tokens)")


if __name__ == "__main__":
    main()
