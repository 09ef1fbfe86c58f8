#!/usr/bin/env python3
"""make_search_fixtures.py — reference search results for tests/test_search.cc, from the two
references the C++ search follows:

  sentence-transformers' util.semantic_search(queries, corpus, top_k=10): the top 10 corpus rows
      by cosine per query (torch, float32), as {"corpus_id", "score"};
  SimCSE's tool (simcse/tool.py), its exact path: sklearn's cosine_similarity of each query with
      the corpus, rows with cosine >= threshold kept, sorted by cosine (Python's stable sort),
      the first top_k, here with threshold 0.5 and top_k 5 (the vectors are random, so the tool's
      default 0.6 would keep nothing).

The vectors are random unit float32 vectors in 24 dimensions, 400 corpus rows and 25 queries, made
near-duplicate in places (a query close to a corpus row) so that the top of each list is clear.
Writes tests/fixtures/search/{corpus,queries}.npy and reference.json.

    python3 tools/make_search_fixtures.py
"""
import json
import pathlib

import numpy as np
import torch
from sentence_transformers import util
from sklearn.metrics.pairwise import cosine_similarity

out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "search"
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(13)


def unit(x):
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


corpus = unit(rng.standard_normal((400, 24)))
queries = rng.standard_normal((25, 24))
queries[:10] = corpus[rng.choice(400, 10, replace=False)] + 0.3 * queries[:10] / np.sqrt(24)
queries = unit(queries)
np.save(out / "corpus.npy", corpus)
np.save(out / "queries.npy", queries)

hits = util.semantic_search(torch.from_numpy(queries), torch.from_numpy(corpus), top_k=10)
semantic_search = [[{"id": h["corpus_id"], "score": float(h["score"])} for h in q] for q in hits]

threshold, top_k = 0.5, 5
tool = []
for similarities in cosine_similarity(queries, corpus).tolist():
    kept = [(i, s) for i, s in enumerate(similarities) if s >= threshold]
    kept = sorted(kept, key=lambda x: x[1], reverse=True)[:top_k]
    tool.append([{"id": i, "score": s} for i, s in kept])

(out / "reference.json").write_text(json.dumps({
    "semantic_search": {"top_k": 10, "results": semantic_search},
    "tool_exact": {"threshold": threshold, "top_k": top_k, "results": tool},
}, indent=1) + "\n")
print("wrote", out)
