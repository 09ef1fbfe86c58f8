#!/usr/bin/env python3
"""sts_reference.py — an independent, SentEval-style STS scorer in numpy + scipy, to check
`simcse eval` against. It reads the STS data the way SimCSE's modified SentEval does (Python's own
str.splitlines / str.split / float, empty gold lines dropped, STS-B and SICK-R by split), takes each
sentence's embedding from a table, computes cosines in float64 from the float32 vectors, and reports
Spearman and Pearson per subset and for SentEval's "all", "mean" and "wmean".

Embeddings come from either
  --sentences FILE --embeddings FILE.npy   row i of the .npy is line i of FILE (what
                                           `simcse eval --dump_sentences` + `simcse encode` give), or
  --hashed_dim D                           the bag-of-hashed-words encoder of
                                           src/eval/hashed_word_encoder.h, computed here in Python
                                           (--write_npy writes it out with its sentence list).

    python3 tools/sts_reference.py --senteval_dir ../shared/data/senteval --hashed_dim 48 \
        --json tests/fixtures/eval/sts_reference.json
    python3 tools/sts_reference.py --senteval_dir ../shared/data/senteval \
        --sentences sentences.txt --embeddings embeddings.npy

Prints the seven numbers SimCSE reports (Spearman x 100) and, with --json, every figure.
"""
import argparse
import io
import json
import math
import os

import numpy as np
from scipy.stats import pearsonr, spearmanr

YEARS = {
    "STS12": ["MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"],
    "STS13": ["FNWN", "headlines", "OnWN"],
    "STS14": ["deft-forum", "deft-news", "headlines", "images", "OnWN", "tweet-news"],
    "STS15": ["answers-forums", "answers-students", "belief", "headlines", "images"],
    "STS16": ["answer-answer", "headlines", "plagiarism", "postediting", "question-question"],
}
TASKS = list(YEARS) + ["STSBenchmark", "SICKRelatedness"]
MASK64 = (1 << 64) - 1


def load_year(path, subsets):
    datasets = []
    for subset in subsets:
        lines = io.open(f"{path}/STS.input.{subset}.txt", encoding="utf8").read().splitlines()
        golds = io.open(f"{path}/STS.gs.{subset}.txt", encoding="utf8").read().splitlines()
        pairs = [(" ".join(a.split()), " ".join(b.split()), float(g))
                 for (a, b), g in zip((line.split("\t") for line in lines), golds) if g != ""]
        datasets.append((subset, pairs))
    return datasets


def load_columns(path, score, first, second, header):
    pairs = []
    with io.open(path, encoding="utf-8") as f:
        for number, line in enumerate(f):
            if header and number == 0:
                continue
            fields = line.strip().split("\t")
            pairs.append((" ".join(fields[first].split()), " ".join(fields[second].split()), float(fields[score])))
    return pairs


def load_task(task, senteval_dir, split):
    root = os.path.join(senteval_dir, "downstream")
    if task in YEARS:
        return load_year(os.path.join(root, "STS", task + "-en-test"), YEARS[task])
    if task == "STSBenchmark":
        return [(split, load_columns(os.path.join(root, "STS", "STSBenchmark", f"sts-{split}.csv"), 4, 5, 6, False))]
    name = {"train": "SICK_train.txt", "dev": "SICK_trial.txt", "test": "SICK_test_annotated.txt"}[split]
    return [(split, load_columns(os.path.join(root, "SICK", name), 3, 1, 2, True))]


def hashed_vector(word, dim):
    """src/eval/hashed_word_encoder.h: (splitmix64(fnv1a64(word) + d) >> 40) / 2^23 - 1."""
    h = 0xCBF29CE484222325
    for byte in word.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & MASK64
    out = []
    for d in range(dim):
        x = (h + d + 0x9E3779B97F4A7C15) & MASK64
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
        x ^= x >> 31
        out.append((x >> 40) / 8388608.0 - 1.0)
    return np.array(out, dtype=np.float64)


def hashed_embedding(sentence, dim):
    total = np.zeros(dim, dtype=np.float64)  # exact: every term is a multiple of 2^-23
    for word in sentence.split():
        total += hashed_vector(word, dim)
    return total.astype(np.float32)


def cosine(u, v):
    """u.v / sqrt(|u|^2 |v|^2) in float64: SentEval's u.v / (|u| |v|) except that identical vectors
    give exactly 1, so pairs of identical sentences tie instead of being ordered by rounding noise
    (which differs between any two implementations and moves Spearman by up to ~1e-5)."""
    u = np.nan_to_num(u.astype(np.float64))
    v = np.nan_to_num(v.astype(np.float64))
    with np.errstate(all="ignore"):
        value = np.dot(u, v) / np.sqrt(np.dot(u, u) * np.dot(v, v))
    return float(np.nan_to_num(value))


def score_task(datasets, embed):
    result = {"datasets": {}}
    all_sys, all_gold, pearsons, spearmans, weights = [], [], [], [], []
    for name, pairs in datasets:
        sys_scores = [cosine(embed(a), embed(b)) for a, b, _ in pairs]
        gold = [g for _, _, g in pairs]
        p, s = pearsonr(sys_scores, gold)[0], spearmanr(sys_scores, gold)[0]
        result["datasets"][name] = {"pearson": float(p), "spearman": float(s), "pairs": len(gold)}
        pearsons.append(p)
        spearmans.append(s)
        weights.append(len(gold))
        all_sys += sys_scores
        all_gold += gold
    result["all"] = {"pearson": float(pearsonr(all_sys, all_gold)[0]),
                     "spearman": float(spearmanr(all_sys, all_gold)[0]), "pairs": len(all_gold)}
    result["mean"] = {"pearson": float(np.average(pearsons)), "spearman": float(np.average(spearmans))}
    result["wmean"] = {"pearson": float(np.average(pearsons, weights=weights)),
                       "spearman": float(np.average(spearmans, weights=weights))}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--senteval_dir", default="../shared/data/senteval")
    parser.add_argument("--mode", choices=["test", "dev"], default="test",
                        help="split of STS-B and SICK-R (dev as in `simcse eval --mode dev`)")
    parser.add_argument("--sentences")
    parser.add_argument("--embeddings")
    parser.add_argument("--hashed_dim", type=int)
    parser.add_argument("--write_npy", help="with --hashed_dim: write PREFIX.txt and PREFIX.npy")
    parser.add_argument("--json")
    args = parser.parse_args()

    tasks = {task: load_task(task, args.senteval_dir, args.mode) for task in TASKS}
    if args.hashed_dim:
        cache = {}

        def embed(sentence):
            if sentence not in cache:
                cache[sentence] = hashed_embedding(sentence, args.hashed_dim)
            return cache[sentence]
    else:
        lines = io.open(args.sentences, encoding="utf-8").read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        table = np.load(args.embeddings)
        assert table.ndim == 2 and table.shape[0] == len(lines), (table.shape, len(lines))
        row = {}
        for i, line in enumerate(lines):
            row.setdefault(line, i)

        def embed(sentence):
            return table[row[sentence]]

    results = {task: score_task(datasets, embed) for task, datasets in tasks.items()}
    seven = [100 * (results[t]["all"]["spearman"] if t in YEARS else results[t]["datasets"][args.mode]["spearman"])
             for t in TASKS]
    print(" ".join(f"{t}={v:.6f}" for t, v in zip(TASKS, seven)))
    print(f"Avg.={sum(seven) / len(seven):.6f}")

    document = {"mode": args.mode, "tasks": results}
    if args.hashed_dim:
        order = []
        seen = set()
        for task in TASKS:
            for _, pairs in tasks[task]:
                for sentence in [a for a, _, _ in pairs] + [b for _, b, _ in pairs]:
                    if sentence not in seen:
                        seen.add(sentence)
                        order.append(sentence)
        matrix = np.stack([embed(s) for s in order])
        document["hashed_dim"] = args.hashed_dim
        document["sentences"] = len(order)
        document["embedding_sum"] = float(matrix.astype(np.float64).sum())
        document["first_rows"] = {order[i]: [float(v) for v in matrix[i]] for i in range(3)}
        if args.write_npy:
            with io.open(args.write_npy + ".txt", "w", encoding="utf-8") as f:
                f.write("".join(s + "\n" for s in order))
            np.save(args.write_npy + ".npy", matrix)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(document, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
