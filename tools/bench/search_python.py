#!/usr/bin/env python3
"""search_python.py — the Python side of tools/bench/60_search.sh: the same corpus (the real
vectors of CORPUS.npy, then random unit vectors seeded differently from ours but of the same
kind, up to SIZE) and the same queries, searched by

  util.semantic_search   sentence-transformers (torch, float32): all queries in one call, top 10;
  tool numpy             SimCSE's tool's exact path (simcse/tool.py, search without FAISS): per
                         query sklearn's cosine_similarity with the whole corpus, the rows with
                         cosine >= 0.6 kept, sorted, the first 10 — one query at a time, as the
                         tool loops over a list of queries.

Prints tab-separated rows like search_bench: kind  size  build_s  batch_qps  p50_ms  p99_ms  recall@10
(build_s: moving the matrix into torch, or nothing; recall: n/a, both are exact).

    python3 tools/bench/search_python.py CORPUS.npy QUERIES.npy SIZE SINGLE THREADS
"""
import sys
import time

import numpy as np
import torch
from sentence_transformers import util
from sklearn.metrics.pairwise import cosine_similarity

corpus_path, queries_path, size, single, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
real = np.load(corpus_path).astype(np.float32)
queries = np.load(queries_path).astype(np.float32)
corpus = np.empty((size, real.shape[1]), dtype=np.float32)
rows = min(size, real.shape[0])
corpus[:rows] = real[:rows]
if size > rows:
    extra = np.random.default_rng(1).standard_normal((size - rows, real.shape[1]), dtype=np.float32)
    corpus[rows:] = extra / np.linalg.norm(extra, axis=1, keepdims=True)


def percentiles(latencies):
    latencies = sorted(latencies)
    return latencies[len(latencies) // 2], latencies[len(latencies) * 99 // 100]


start = time.perf_counter()
corpus_t, queries_t = torch.from_numpy(corpus), torch.from_numpy(queries)
build = time.perf_counter() - start
util.semantic_search(queries_t[:1], corpus_t, top_k=10)  # warm-up
start = time.perf_counter()
util.semantic_search(queries_t, corpus_t, top_k=10)
qps = len(queries) / (time.perf_counter() - start)
latencies = []
for q in range(min(single, len(queries))):
    sent = time.perf_counter()
    util.semantic_search(queries_t[q:q + 1], corpus_t, top_k=10)
    latencies.append((time.perf_counter() - sent) * 1000)
p50, p99 = percentiles(latencies)
print(f"util.semantic_search\t{size}\t{build:.3f}\t{qps:.1f}\t{p50:.3f}\t{p99:.3f}\tn/a", flush=True)


def tool_search(query, threshold=0.6, top_k=10):
    similarities = cosine_similarity(query.reshape(1, -1), corpus)[0].tolist()
    id_and_score = [(i, s) for i, s in enumerate(similarities) if s >= threshold]
    return sorted(id_and_score, key=lambda x: x[1], reverse=True)[:top_k]


tool_search(queries[0])
latencies = []
count = min(single, len(queries))
start = time.perf_counter()
for q in range(count):
    sent = time.perf_counter()
    tool_search(queries[q])
    latencies.append((time.perf_counter() - sent) * 1000)
qps = count / (time.perf_counter() - start)
p50, p99 = percentiles(latencies)
print(f"tool numpy\t{size}\t0.000\t{qps:.1f}\t{p50:.3f}\t{p99:.3f}\tn/a", flush=True)
