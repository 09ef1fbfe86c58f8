#!/usr/bin/env python3
"""sts_with_sentence_transformers.py MODEL_DIR [BUILD_DIR] — the STS table of a sentence-transformers
model three ways, for chapter 7: `simcse eval --task_set sts --mode test` embedding with this
project; sentence-transformers' own encode of the very same sentences, scored by the same SentEval
protocol (`simcse eval --sentences --embeddings`); and those sentence-transformers vectors scored
by the independent numpy + scipy scorer tools/sts_reference.py.

    python3 tools/sts_with_sentence_transformers.py ../shared/data/models/all-MiniLM-L6-v2 build
    ... --skip_simcse_embedding   # only the sentence-transformers rows (the third embeds ~25k sentences)
"""
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
from sentence_transformers import SentenceTransformer

root = pathlib.Path(__file__).resolve().parent.parent
arguments = [a for a in sys.argv[1:] if a != "--skip_simcse_embedding"]
model_dir, build = arguments[0], root / (arguments[1] if len(arguments) > 1 else "build")
simcse = str(build / "simcse")
senteval = str(root.parent / "shared" / "data" / "senteval")

with tempfile.TemporaryDirectory() as work:
    work = pathlib.Path(work)
    subprocess.run([simcse, "eval", "--task_set", "sts", "--mode", "test", "--senteval_dir", senteval,
                    "--dump_sentences", str(work / "sentences.txt")], check=True)
    sentences = (work / "sentences.txt").read_text(encoding="utf-8").split("\n")[:-1]
    vectors = SentenceTransformer(model_dir, device="cpu").encode(sentences, convert_to_numpy=True)
    np.save(work / "st.npy", vectors.astype(np.float32))
    print("== sentence-transformers' vectors, scored by simcse eval:")
    subprocess.run([simcse, "eval", "--task_set", "sts", "--mode", "test", "--senteval_dir", senteval,
                    "--sentences", str(work / "sentences.txt"), "--embeddings", str(work / "st.npy")], check=True)
    print("== the same vectors, scored by tools/sts_reference.py:")
    subprocess.run([sys.executable, str(root / "tools" / "sts_reference.py"), "--senteval_dir", senteval,
                    "--sentences", str(work / "sentences.txt"), "--embeddings", str(work / "st.npy")], check=True)
    if "--skip_simcse_embedding" in sys.argv:
        sys.exit(0)
    print("== this project's embedding and scoring, simcse eval --model_name_or_path:")
    subprocess.run([simcse, "eval", "--model_name_or_path", model_dir, "--task_set", "sts", "--mode", "test",
                    "--senteval_dir", senteval], check=True)
