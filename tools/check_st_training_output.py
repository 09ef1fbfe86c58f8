#!/usr/bin/env python3
"""check_st_training_output.py [BUILD_DIR] — sentence-transformers opens what `simcse train` writes,
with the pooler the model is evaluated with, and gives `simcse encode`'s vectors.

For each recipe (unsupervised with --mlp_only_train: cls_before_pooler; the supervised recipe's
cls: [CLS] + BERT's pooler, written as a tanh Dense layer; avg; max; --loss mnrl with a trained
Dense layer after mean pooling), a few steps of training on
tiny_data/ into a scratch directory, then:
  1. SentenceTransformer(dir) loads it (transformers 5 reads its tokenizer.json and config.json),
     and its Pooling module uses the mode modules.json names;
  2. its encode and `simcse encode --model_name_or_path dir` (no --pooler) agree to 1e-5 on 200 lines;
  3. transformers' AutoTokenizer gives the same ids as `simcse tokenize`.
avg_first_last has no sentence-transformers form: its directory must have no modules.json and a
sidecar naming the pooler. Prints one line per check and exits non-zero if any fails.

    python3 tools/check_st_training_output.py build
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
from sentence_transformers import SentenceTransformer
from transformers import AutoTokenizer

root = pathlib.Path(__file__).resolve().parent.parent
build = root / (sys.argv[1] if len(sys.argv) > 1 else "build")
simcse = str(build / "simcse")
lines = (root / "tiny_data" / "corpus.txt").read_text().split("\n")[:200]
# The pooling mode sentence-transformers must use, and whether a Dense layer (BERT's pooler) follows.
expected_head = {"cls_before_pooler": ("cls", False), "cls": ("cls", True), "avg": ("mean", False), "max": ("max", False),
                 "mnrl_dense": ("mean", True)}
recipes = {
    "cls_before_pooler": ["--pooler_type", "cls", "--mlp_only_train"],
    "cls": ["--pooler_type", "cls"],
    "avg": ["--pooler_type", "avg"],
    "max": ["--pooler_type", "max"],
    "avg_first_last": ["--pooler_type", "avg_first_last"],
    # MultipleNegativesRankingLoss with a trainable Dense(16 -> 8, tanh) after mean pooling (chapter 10).
    "mnrl_dense": ["--loss", "mnrl", "--pooling_mode", "mean", "--dense_out_features", "8"],
}
failures = 0


def check(ok, message):
    global failures
    failures += not ok
    print(("PASS " if ok else "FAIL ") + message)


with tempfile.TemporaryDirectory() as work:
    work = pathlib.Path(work)
    (work / "lines.txt").write_text("\n".join(lines) + "\n")
    for evaluation_pooler, flags in recipes.items():
        out = work / evaluation_pooler
        subprocess.run([simcse, "train", "--config_name", "tiny_data/bert_config.json", "--tokenizer_name",
                        "tiny_data/vocab.txt", "--train_file", "tiny_data/corpus.txt", "--output_dir", str(out),
                        "--max_steps", "3", "--per_device_train_batch_size", "16", "--learning_rate", "1e-3",
                        "--save_steps", "0", "--seed", "1", *flags], cwd=root, check=True, capture_output=True)
        if evaluation_pooler == "avg_first_last":
            sidecar = json.loads((out / "simcse_config.json").read_text())
            check(not (out / "modules.json").exists() and sidecar.get("evaluation_pooler") == "avg_first_last",
                  "avg_first_last: no modules.json; the sidecar names the pooler")
            continue
        model = SentenceTransformer(str(out), device="cpu")
        mode, dense = expected_head[evaluation_pooler]
        names = [type(module).__name__ for module in model]
        check(names == ["Transformer", "Pooling"] + (["Dense"] if dense else []) and model[1].pooling_mode == mode,
              f"{evaluation_pooler}: sentence-transformers loads it as {names} with pooling_mode {model[1].pooling_mode!r}")
        subprocess.run([simcse, "encode", "--model_name_or_path", str(out), "--input", str(work / "lines.txt"),
                        "--output", str(work / "ours.npy")], check=True, capture_output=True)
        ours = np.load(work / "ours.npy")
        theirs = model.encode(lines, convert_to_numpy=True)
        error = float(np.abs(ours - theirs).max())
        check(error <= 1e-5, f"{evaluation_pooler}: simcse encode (no --pooler) vs sentence-transformers, "
                             f"max |error| {error:.2e}")
        tokenizer = AutoTokenizer.from_pretrained(str(out))
        ids = subprocess.run([simcse, "tokenize", "--tokenizer_name", str(out / "tokenizer.json"), "--input",
                              str(work / "lines.txt")], check=True, capture_output=True, text=True).stdout.split("\n")
        same = all(json.loads(row)["input_ids"] == tokenizer(line)["input_ids"] for row, line in zip(ids, lines))
        check(same, f"{evaluation_pooler}: transformers reads tokenizer.json to the same ids")
print(f"{failures} failed")
sys.exit(1 if failures else 0)
