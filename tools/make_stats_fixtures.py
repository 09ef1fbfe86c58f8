#!/usr/bin/env python3
"""make_stats_fixtures.py — scipy/NumPy reference values for the evaluation's statistics, for
tests/test_eval_statistics.cc.

Writes tests/fixtures/eval/stats.json:

  correlations   x, y, scipy.stats.pearsonr and spearmanr (NaN written as null) on varied series:
                 random, many ties, constant runs, a constant series, negative correlation, n = 2,
                 and gold-score-like data on a 0-5 grid with cosine-like scores
  ranks          scipy.stats.rankdata(method="average") of tied series
  means          numpy.mean of float64 vectors of several lengths (its pairwise summation order)
  rounding       round(x, 2) on Python floats and on numpy.float64 (they differ on some ties)
  geometry       Wang & Isola's alignment and uniformity (alpha = 2, t = 2; their align_loss and
                 uniform_loss with torch.pdist, in float64) of L2-normalised float32 vectors, and
                 numpy.linalg.svd's singular values of the row-normalised matrix

    python3 tools/make_stats_fixtures.py
"""
import json
import math
import pathlib

import numpy as np
import scipy
import torch
from scipy import stats

rng = np.random.default_rng(6)


def number(v):
    v = float(v)
    return None if math.isnan(v) else v


def correlation_case(name, x, y):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = stats.pearsonr(x, y)[0]
            s = stats.spearmanr(x, y)[0]
    return {"name": name, "x": x, "y": y, "pearson": number(p), "spearman": number(s)}


cases = []
x = rng.normal(size=50)
cases.append(correlation_case("random", x, 0.6 * x + rng.normal(size=50)))
cases.append(correlation_case("negative", x, -2 * x + 0.3 * rng.normal(size=50)))
ties_x = rng.integers(0, 4, size=40)
ties_y = ties_x + rng.integers(0, 3, size=40)
cases.append(correlation_case("many_ties_both", ties_x, ties_y))
runs = np.concatenate([np.full(10, 0.5), rng.normal(size=10), np.full(7, -1.0), rng.normal(size=5)])
cases.append(correlation_case("constant_runs", runs, rng.normal(size=runs.size)))
cases.append(correlation_case("constant_series", np.full(6, 3.0), rng.normal(size=6)))
cases.append(correlation_case("n2_increasing", [0.1, 0.7], [1.0, 4.0]))
cases.append(correlation_case("n2_decreasing", [0.1, 0.7], [4.0, 1.0]))
gold = np.round(rng.uniform(0, 5, size=300) * 5) / 5  # an STS-like 0-5 grid: many ties
cosine = np.clip(0.15 * gold + rng.normal(scale=0.25, size=300), -1, 1)
cases.append(correlation_case("sts_like", cosine, gold))
cases.append(correlation_case("large_offset", 1e6 + rng.normal(size=30), rng.normal(size=30)))

ranks = []
for values in ([10, 20, 20, 30], [3, 3, 3, 3], [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], list(ties_x[:15])):
    values = [float(v) for v in values]
    ranks.append({"values": values, "ranks": [float(r) for r in stats.rankdata(values, method="average")]})

means = []
for n in (1, 2, 5, 7, 8, 9, 10, 16, 17, 129, 300, 1000):
    values = rng.uniform(0, 100, size=n) * 10.0 ** rng.integers(-6, 6, size=n)
    means.append({"values": [float(v) for v in values], "mean": float(np.mean(values))})

rounding = []
for x in list(rng.integers(0, 10**6, size=300) / 1000.0) + [0.125, 2.675, 81.235, 81.245, 1.005, 99.995, 50.0]:
    x = float(x)
    rounding.append({"x": x, "python": round(x, 2), "numpy": float(round(np.float64(x), 2))})

geometry = []
for n, dim, spread in ((30, 8, 1.0), (100, 12, 0.3)):
    a = rng.normal(size=(n, dim)).astype(np.float32) + 2.0  # a shared offset: an anisotropic cloud
    b = (a + spread * rng.normal(size=(n, dim))).astype(np.float32)
    x = torch.nn.functional.normalize(torch.tensor(a, dtype=torch.float64), dim=1)
    y = torch.nn.functional.normalize(torch.tensor(b, dtype=torch.float64), dim=1)
    alignment = (x - y).norm(p=2, dim=1).pow(2).mean().item()
    uniformity = torch.pdist(x, p=2).pow(2).mul(-2).exp().mean().log().item()
    singular = np.linalg.svd(x.numpy(), compute_uv=False)
    geometry.append({"a": [float(v) for v in a.reshape(-1)], "b": [float(v) for v in b.reshape(-1)], "dim": dim,
                     "alignment": alignment, "uniformity": uniformity, "singular_values": [float(v) for v in singular]})

out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "eval" / "stats.json"
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps({
    "generator": f"tools/make_stats_fixtures.py (numpy {np.__version__}, scipy {scipy.__version__})",
    "correlations": cases, "ranks": ranks, "means": means, "rounding": rounding, "geometry": geometry,
}, indent=1) + "\n")
print(f"wrote {out}")
