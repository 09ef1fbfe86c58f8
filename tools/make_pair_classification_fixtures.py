#!/usr/bin/env python3
"""make_pair_classification_fixtures.py — scikit-learn's answers for tests/test_pair_classification.cc.

Each case: cosines (some tied, as real cosines of duplicate sentences are) and 0/1 labels; the
best F1 over precision_recall_curve's thresholds (np.argmax: the lowest threshold among equal
F1s) with its precision, recall and threshold, and the best accuracy over roc_curve's thresholds
(drop_intermediate=False; np.argmax: the highest threshold among equal accuracies). A pair is
predicted positive when its cosine is >= the threshold, as scikit-learn defines both curves.

    python3 tools/make_pair_classification_fixtures.py   # writes tests/fixtures/eval/pair_classification.json
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.metrics import precision_recall_curve, roc_curve

rng = np.random.default_rng(2022)
cases = []
for n, decimals, positive_rate in [(12, 1, 0.5), (50, 2, 0.3), (200, 2, 0.6), (400, 3, 0.2), (7, 0, 0.5)]:
    labels = (rng.random(n) < positive_rate).astype(int)
    labels[0] = 1  # at least one positive
    # Positives lean to higher cosines; rounding makes ties.
    cosines = np.round(np.clip(rng.normal(0.3 + 0.3 * labels, 0.25), -1, 1), decimals)
    precision, recall, thresholds = precision_recall_curve(labels, cosines)
    f1 = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-300)
    best = int(np.argmax(f1))
    fpr, tpr, roc_thresholds = roc_curve(labels, cosines, drop_intermediate=False)
    positives, negatives = labels.sum(), n - labels.sum()
    accuracy = (tpr * positives + (1 - fpr) * negatives) / n
    best_accuracy = int(np.argmax(accuracy))
    cases.append({
        "cosines": cosines.tolist(), "labels": labels.tolist(),
        "f1": float(f1[best]), "precision": float(precision[best]), "recall": float(recall[best]),
        "f1_threshold": float(thresholds[best]),
        "accuracy": float(accuracy[best_accuracy]),
        "accuracy_threshold": None if np.isinf(roc_thresholds[best_accuracy]) else float(roc_thresholds[best_accuracy]),
    })

path = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/eval/pair_classification.json"
path.write_text(json.dumps({"generator": "tools/make_pair_classification_fixtures.py",
                            "scikit-learn": sklearn.__version__, "cases": cases}, indent=1) + "\n")
print(f"wrote {len(cases)} cases to {path}")
