#!/usr/bin/env python3
"""make_minilm_fixtures.py — sentence-transformers' vectors for the real-model parity test
(tests/test_minilm_parity.cc): all-MiniLM-L6-v2 from ../shared/data/models on the first 1,200 lines
of ../shared/data/train/unsup_sentences.txt, encoded by SentenceTransformer(dir).encode (its own
defaults: batches of 32, the model's max_seq_length 256, mean pooling then Normalize).

The committed fixture stays small (the data is never copied into the project): the SHA-256 of the
1,200 lines (so the test knows it reads the same sentences), 32 rows in full, and for every row its
projections on 6 fixed random unit directions (float64). The test requires each full row to match
to 1e-5 and each projection to match within 1e-5 * ||direction||_1 (what a 1e-5 error in every
coordinate allows), so every one of the 1,200 vectors is checked.

    python3 tools/make_minilm_fixtures.py                      # writes tests/fixtures/sentence_transformers/
    python3 tools/make_minilm_fixtures.py --simcse build/simcse  # also: the full max |error| over all rows
"""
import argparse
import hashlib
import json
import pathlib
import subprocess
import tempfile

import numpy as np
import sentence_transformers
from sentence_transformers import SentenceTransformer

root = pathlib.Path(__file__).resolve().parent.parent
data = root.parent / "shared" / "data"
out_dir = root / "tests" / "fixtures" / "sentence_transformers"
COUNT, FULL_ROWS, DIRECTIONS = 1200, 32, 6

parser = argparse.ArgumentParser()
parser.add_argument("--simcse", help="a simcse binary: encode the same lines and report the full max |error|")
args = parser.parse_args()

model_dir = data / "models" / "all-MiniLM-L6-v2"
lines = (data / "train" / "unsup_sentences.txt").read_text(encoding="utf-8").split("\n")[:COUNT]
assert len(lines) == COUNT and all(lines), "expected 1,200 non-empty lines"
text = "".join(line + "\n" for line in lines)

model = SentenceTransformer(str(model_dir), device="cpu")
vectors = model.encode(lines, convert_to_numpy=True).astype(np.float32)  # [1200, 384], unit rows

rng = np.random.default_rng(20210416)
rows = np.sort(rng.choice(COUNT, size=FULL_ROWS, replace=False))
directions = rng.normal(size=(DIRECTIONS, vectors.shape[1]))
directions /= np.linalg.norm(directions, axis=1, keepdims=True)
projections = vectors.astype(np.float64) @ directions.T  # [1200, 8]

out_dir.mkdir(parents=True, exist_ok=True)
np.save(out_dir / "minilm_rows.npy", vectors[rows])
np.save(out_dir / "minilm_directions.npy", directions)
np.save(out_dir / "minilm_projections.npy", projections)
(out_dir / "minilm_parity.json").write_text(json.dumps({
    "generator": "tools/make_minilm_fixtures.py",
    "sentence_transformers": sentence_transformers.__version__,
    "model": "models/all-MiniLM-L6-v2",
    "sentences": "train/unsup_sentences.txt",
    "count": COUNT,
    "sha256_of_lines": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    "rows": [int(r) for r in rows],
    "max_seq_length": model.max_seq_length,
}, indent=2) + "\n")
print(f"wrote {out_dir}: {FULL_ROWS} rows, {DIRECTIONS} projections of {COUNT} vectors")

if args.simcse:
    with tempfile.TemporaryDirectory() as work:
        path = pathlib.Path(work)
        (path / "lines.txt").write_text(text, encoding="utf-8")
        subprocess.run([args.simcse, "encode", "--model_name_or_path", str(model_dir), "--input",
                        str(path / "lines.txt"), "--output", str(path / "ours.npy")], check=True)
        ours = np.load(path / "ours.npy")
    print(f"simcse encode (no flags) vs sentence-transformers on {COUNT} sentences: "
          f"max |error| {np.abs(ours - vectors).max():.2e}")
