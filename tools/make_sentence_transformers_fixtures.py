#!/usr/bin/env python3
"""make_sentence_transformers_fixtures.py — small sentence-transformers model directories and the
vectors sentence-transformers' own encode gives, for tests/test_sentence_transformers_files.cc.

Each directory is the 1-layer, 8-wide BERT of tests/fixtures/encoder/one_layer_relu (its weights and
vocabulary) saved by sentence-transformers itself with a different head: every pooling mode on its
own, modes concatenated, Dense layers (tanh, identity, without bias) and Normalize. transformers 5
saves tokenizer.json and no vocab.txt, so these also check the tokenizer.json reader. Also written:
`tokenizer_json/`: tokenizer.json files with each BertNormalizer switch set otherwise (by the
`tokenizers` library) and the ids it gives for tricky texts.

    python3 tools/make_sentence_transformers_fixtures.py   # writes tests/fixtures/sentence_transformers/
"""
import json
import pathlib
import shutil

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sentence_transformers.base.modules.dense import Dense
from sentence_transformers.base.modules.normalize import Normalize
from sentence_transformers.base.modules.transformer import Transformer
from sentence_transformers.sentence_transformer.modules.pooling import Pooling
from tokenizers import Tokenizer, normalizers

root = pathlib.Path(__file__).resolve().parent.parent
bert = root / "tests" / "fixtures" / "encoder" / "one_layer_relu"
out = root / "tests" / "fixtures" / "sentence_transformers"
sentences = json.loads((bert / "inputs.json").read_text())["sentences"] + ["a dog", "man"]

torch.manual_seed(2021)
heads = {
    "mean_normalize": (["mean"], [("normalize",)]),
    "cls": (["cls"], []),
    "max": (["max"], []),
    "mean_sqrt_len": (["mean_sqrt_len_tokens"], []),
    "weightedmean": (["weightedmean"], []),
    "lasttoken": (["lasttoken"], []),
    "cls_max_mean": (["cls", "max", "mean"], []),
    "mean_dense_tanh": (["mean"], [("dense", 8, 5, True, torch.nn.Tanh())]),
    "max_dense_chain": (["max", "mean"], [("dense", 16, 6, False, torch.nn.Identity()),
                                          ("dense", 6, 4, True, torch.nn.ReLU()), ("normalize",)]),
}
expected = {}
for name, (modes, layers) in heads.items():
    transformer = Transformer(str(bert))
    modules = [transformer, Pooling(8, pooling_mode=modes[0] if len(modes) == 1 else modes)]
    for layer in layers:
        if layer[0] == "normalize":
            modules.append(Normalize())
        else:
            _, fan_in, fan_out, bias, activation = layer
            modules.append(Dense(fan_in, fan_out, bias=bias, activation_function=activation))
    model = SentenceTransformer(modules=modules, device="cpu")
    target = out / name
    shutil.rmtree(target, ignore_errors=True)
    model.save(str(target))
    (target / "README.md").unlink(missing_ok=True)
    expected[name] = model.encode(sentences, convert_to_numpy=True).astype(np.float64).tolist()

(out / "heads.json").write_text(json.dumps({"generator": "tools/make_sentence_transformers_fixtures.py",
                                             "sentences": sentences, "vectors": expected}) + "\n")

# tokenizer.json with each normalizer switch flipped, and what the tokenizers library makes of tricky texts.
texts = ["Héllo WÖRLD", "naïve café\tDOG", "你好 a man", "a\x00man\u200bdog", "UNAFFABLE Man ［a］"]
vocab = [line for line in (bert / "vocab.txt").read_text().split("\n") if line] + ["hello", "world", "naive", "cafe",
                                                                                   "héllo", "wörld", "naïve", "café",
                                                                                   "Héllo", "WÖRLD", "Man", "你", "好"]
cases = []
base = Tokenizer.from_file(str(out / "cls" / "tokenizer.json"))
base_json = json.loads(base.to_str())
base_json["model"]["vocab"] = {token: i for i, token in enumerate(vocab)}
for name, switches in {"default": {}, "cased": {"lowercase": False},
                       "lowercase_keep_accents": {"strip_accents": False},
                       "strip_accents_cased": {"lowercase": False, "strip_accents": True},
                       "no_chinese_no_clean": {"handle_chinese_chars": False, "clean_text": False}}.items():
    spec = json.loads(json.dumps(base_json))
    spec["normalizer"].update(switches)
    tokenizer = Tokenizer.from_str(json.dumps(spec))
    path = out / "tokenizer_json" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    cases.append({"file": f"{name}.json", "ids": [tokenizer.encode(text).ids for text in texts]})
(out / "tokenizer_json" / "expected.json").write_text(
    json.dumps({"generator": "tools/make_sentence_transformers_fixtures.py", "texts": texts, "cases": cases},
               ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {len(heads)} model directories and {len(cases)} tokenizer.json cases to {out}")
