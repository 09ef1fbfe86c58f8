#!/usr/bin/env python3
"""check_hf_roundtrip.py — proves that a directory our C++ code saves is a Hugging Face checkpoint.

For each fixture model in tests/fixtures/encoder/ and tests/fixtures/roberta/ (including SimCSE's
BertForCL and RobertaForCL training checkpoints, whose mlp.dense.* must become the pooler), it runs

    BUILD/simcse convert --model_name_or_path FIXTURE --output SAVED      (load_bert + save_bert)

and then, in Python:
  1. transformers.AutoModel.from_pretrained(SAVED) loads with no missing and no unexpected keys,
     and AutoTokenizer.from_pretrained(SAVED) loads;
  2. every weight equals the fixture's (the original transformers model, before any C++ touched it);
  3. AutoTokenizer's ids for the fixture sentences equal the ids in the fixture's inputs.json;
  4. for each of SimCSE's five poolers, transformers' pooled vectors on SAVED equal the rows that
     `BUILD/simcse encode` writes for the same sentences (max |difference| <= 1e-5).

With --full-size it also saves a random BERT-base-sized model (12 x 768, the real 30,522-token
uncased vocabulary from ../shared/data) with transformers, in both formats, and compares
`simcse encode` (our tokenizer and encoder) with transformers on 256 STS-B dev sentences.

    python3 tools/check_hf_roundtrip.py [BUILD] [--full-size]   # default BUILD = build
"""
import collections
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch
from safetensors.torch import load_file
from transformers import AutoModel, AutoTokenizer

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
POOLERS = ["cls", "cls_before_pooler", "avg", "avg_top2", "avg_first_last"]
CASES = [  # (fixture folder, fixture directory, whose weights and inputs it holds)
    ("encoder", "odd_heads_gelu", "odd_heads_gelu"),
    ("encoder", "pairs_gelu_new", "pairs_gelu_new"),
    ("encoder", "simcse_train_relu", "one_layer_relu"),
    ("roberta", "pairs_gelu_new", "pairs_gelu_new"),
    ("roberta", "simcse_train_roberta", "left_pad_gelu"),
]


def pooled(model, batch, pooler):
    """SimCSE's evaluation.py, pooler by pooler."""
    with torch.no_grad():
        out = model(**batch, output_hidden_states=True, return_dict=True)
    mask = batch["attention_mask"].unsqueeze(-1)
    count = batch["attention_mask"].sum(-1).unsqueeze(-1)
    hidden = out.hidden_states
    return {
        "cls": lambda: out.pooler_output,
        "cls_before_pooler": lambda: out.last_hidden_state[:, 0],
        "avg": lambda: (out.last_hidden_state * mask).sum(1) / count,
        "avg_top2": lambda: ((hidden[-1] + hidden[-2]) / 2.0 * mask).sum(1) / count,
        "avg_first_last": lambda: ((hidden[1] + hidden[-1]) / 2.0 * mask).sum(1) / count,
    }[pooler]().numpy()


def check(build, folder, fixture, reference, workdir):
    saved = workdir / folder / fixture
    saved.parent.mkdir(exist_ok=True)
    subprocess.run([str(build / "simcse"), "convert", "--model_name_or_path", str(FIXTURES / folder / fixture),
                    "--output", str(saved)], check=True, capture_output=True)
    model, info = AutoModel.from_pretrained(saved, output_loading_info=True, attn_implementation="eager")
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(saved)
    problems = {k: v for k, v in info.items() if v}
    assert not problems, f"{fixture}: transformers reports {problems}"

    original = load_file(FIXTURES / folder / reference / "model.safetensors")
    state = model.state_dict()
    assert set(original) == set(state), f"{fixture}: parameter names differ"
    assert all(torch.equal(original[name], state[name]) for name in original), f"{fixture}: weights differ"

    inputs = json.loads((FIXTURES / folder / reference / "inputs.json").read_text())
    sentences = inputs["sentences"]
    tokenizer.padding_side = inputs.get("padding_side", "right")
    if "second_sentences" in inputs:
        batch = tokenizer(sentences, inputs["second_sentences"], padding=True, return_tensors="pt")
    else:
        batch = tokenizer(sentences, padding=True, return_tensors="pt")
    assert batch["input_ids"].reshape(-1).tolist() == inputs["input_ids"], f"{fixture}: AutoTokenizer ids differ"

    tokenizer.padding_side = "right"  # as simcse encode pads
    single = tokenizer(sentences, padding=True, return_tensors="pt")
    (workdir / "sentences.txt").write_text("".join(s + "\n" for s in sentences))
    errors = {}
    for pooler in POOLERS:
        output = workdir / f"{folder}.{fixture}.{pooler}.npy"
        subprocess.run([str(build / "simcse"), "encode", "--model_name_or_path", str(saved), "--pooler", pooler,
                        "--input", str(workdir / "sentences.txt"), "--output", str(output)],
                       check=True, capture_output=True)
        errors[pooler] = float(np.abs(np.load(output) - pooled(model, single, pooler)).max())
    worst = max(errors.values())
    assert worst <= 1e-5, f"{fixture}: simcse encode and transformers differ by {errors}"
    return len(state), worst


def check_full_size(build, workdir):
    """A BERT-base-sized random model through both formats, real vocabulary, real sentences."""
    from transformers import BertConfig, BertModel
    data = ROOT.parent / "shared" / "data"
    torch.manual_seed(0)
    model = BertModel(BertConfig()).eval()
    safetensors_dir, bin_dir = workdir / "base-safetensors", workdir / "base-bin"
    model.save_pretrained(safetensors_dir)
    bin_dir.mkdir()
    torch.save(collections.OrderedDict(("bert." + k, v) for k, v in model.state_dict().items()),
               bin_dir / "pytorch_model.bin")
    shutil.copy(safetensors_dir / "config.json", bin_dir / "config.json")
    for directory in (safetensors_dir, bin_dir):
        shutil.copy(data / "vocab" / "bert-base-uncased" / "vocab.txt", directory / "vocab.txt")
    rows = [line.rstrip("\n").split("\t") for line in
            (data / "senteval" / "downstream" / "STS" / "STSBenchmark" / "sts-dev.csv").open(encoding="utf-8")]
    sentences = [row[5] for row in rows[:256]]
    (workdir / "base.txt").write_text("".join(s + "\n" for s in sentences))
    model = AutoModel.from_pretrained(safetensors_dir, attn_implementation="eager").eval()
    tokenizer = AutoTokenizer.from_pretrained(safetensors_dir)
    for pooler in ("cls", "avg_first_last"):
        reference = np.concatenate([pooled(model, tokenizer(sentences[i:i + 64], padding=True, return_tensors="pt"),
                                           pooler) for i in range(0, len(sentences), 64)])
        for directory in (safetensors_dir, bin_dir):
            output = workdir / "base.npy"
            subprocess.run([str(build / "simcse"), "encode", "--model_name_or_path", str(directory), "--pooler",
                            pooler, "--input", str(workdir / "base.txt"), "--output", str(output)],
                           check=True, capture_output=True)
            error = float(np.abs(np.load(output) - reference).max())
            assert error <= 1e-5, f"BERT-base {directory.name} {pooler}: max |diff| {error}"
            print(f"  BERT-base size, {directory.name:16s} {pooler:15s} 256 STS-B dev sentences: simcse encode "
                  f"vs transformers max |diff| {error:.1e}")


def main():
    arguments = [a for a in sys.argv[1:] if a != "--full-size"]
    build = ROOT / (arguments[0] if arguments else "build")
    print(f"round trip through transformers {__import__('transformers').__version__}, torch {torch.__version__}")
    with tempfile.TemporaryDirectory() as directory:
        for folder, fixture, reference in CASES:
            tensors, worst = check(build, folder, fixture, reference, pathlib.Path(directory))
            print(f"  {folder + '/' + fixture:28s} saved by simcse convert: AutoModel + AutoTokenizer load it, no missing or "
                  f"unexpected keys, {tensors} tensors identical, tokenizer ids identical, five poolers vs "
                  f"simcse encode: max |diff| {worst:.1e}")
        if "--full-size" in sys.argv:
            check_full_size(build, pathlib.Path(directory))
    print("round trip OK")


if __name__ == "__main__":
    main()
