#!/usr/bin/env python3
"""make_classifier_fixtures.py — what SentEval's own classifier code does on small toy problems, for
tests/test_eval_classifier.cc. It imports SentEval itself (a checkout of princeton-nlp/SimCSE's
SentEval folder, or facebookresearch/SentEval; they are identical in these files) and runs it on
the CPU: SentEval calls .cuda() unconditionally, so this script turns those calls into no-ops.

Writes tests/fixtures/eval/classifier.json:

  permutations     numpy.random.RandomState(1111).permutation(n), and the stream after
                   np.random.seed(1111) (how SentEval orders batches)
  stratified_folds sklearn StratifiedKFold(k, shuffle=True, random_state=1111) test-fold index
                   of every sample, for several label vectors
  linear_init      nn.Linear(in, out) weights right after torch.manual_seed(1111)
  fits             SentEval's MLP (nhid 0) fit on toy data with validation_data or validation_split:
                   best accuracy, the final weights, and accuracy on a test set
  protocols        InnerKFoldClassifier, KFoldClassifier and SplitClassifier results (dev and test
                   accuracy) on toy data, in SimCSE's test and fasttest settings
  real_tasks       with --senteval_data: SentEval's own CR, TREC and MRPC evaluations (its loaders,
                   sorting, features and protocols) in fasttest mode, embedding with the
                   bag-of-hashed-words encoder of src/eval/hashed_word_encoder.h (as computed in
                   tools/sts_reference.py)
  real_tasks_float64  the same with SentEval's classifier in float64 (tests/double/)

    python3 tools/make_classifier_fixtures.py --senteval /path/to/SimCSE/SentEval \
        --senteval_data ../shared/data/senteval
"""
import argparse
import inspect
import json
import pathlib
import sys
import types

import numpy as np
import sklearn
import torch
from sklearn.model_selection import StratifiedKFold

parser = argparse.ArgumentParser()
parser.add_argument("--senteval", required=True, help="folder that holds the senteval package")
parser.add_argument("--senteval_data", help="SentEval data folder (holding downstream/) for real_tasks")
args = parser.parse_args()
sys.path.insert(0, args.senteval)

# SentEval predates Python 3.11 (inspect.getargspec) and assumes a GPU: run it on the CPU.
if not hasattr(inspect, "getargspec"):
    inspect.getargspec = inspect.getfullargspec
torch.nn.Module.cuda = lambda self, *a, **k: self
torch.Tensor.cuda = lambda self, *a, **k: self
import senteval.tools.classifier as classifier_module  # noqa: E402
import senteval.tools.validation as validation  # noqa: E402

cpu_torch = types.ModuleType("torch_on_cpu")
cpu_torch.__dict__.update(torch.__dict__)
cpu_torch.device = lambda *a, **k: torch.device("cpu")
classifier_module.torch = cpu_torch

SEED = 1111
TEST = {"nhid": 0, "optim": "adam", "batch_size": 64, "tenacity": 5, "epoch_size": 4}
FASTTEST = {"nhid": 0, "optim": "rmsprop", "batch_size": 128, "tenacity": 3, "epoch_size": 2}


def toy_problem(rng, sizes, dim, classes, noise):
    """Gaussian classes around random centres (shared by all parts): separable enough to learn,
    noisy enough to err. One (x, y) per requested part size."""
    centres = rng.normal(size=(classes, dim))
    parts = []
    for n in sizes:
        y = rng.integers(0, classes, size=n)
        x = centres[y] + noise * rng.normal(size=(n, dim))
        parts.append((x.astype(np.float32), y.astype(np.int64)))
    return parts


def floats(array):
    return [float(v) for v in np.asarray(array, dtype=np.float64).reshape(-1)]


rng = np.random.default_rng(2021)
fixture = {"generator": f"tools/make_classifier_fixtures.py (torch {torch.__version__}, numpy {np.__version__}, "
                        f"sklearn {sklearn.__version__})"}

fixture["permutations"] = [{"n": n, "permutation": np.random.RandomState(SEED).permutation(n).tolist()}
                           for n in (1, 2, 3, 10, 97, 1000)]
np.random.seed(SEED)
fixture["seeded_stream"] = {"lengths": [40, 7, 7], "permutations": [np.random.permutation(n).tolist() for n in (40, 7, 7)]}

fold_cases = []
for labels, k in ((rng.integers(0, 2, size=53), 5), (rng.integers(0, 2, size=53), 10),
                  (np.array([1] * 30 + [0] * 12), 5), (rng.integers(0, 6, size=200), 10),
                  (np.array([3, 1, 3, 3, 1, 2, 2, 3, 1, 3, 2, 1, 3, 3, 3, 1]), 3)):
    test_fold = np.empty(len(labels), dtype=int)
    for fold, (_, test) in enumerate(StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED).split(labels, labels)):
        test_fold[test] = fold
    fold_cases.append({"labels": labels.tolist(), "k": k, "test_fold": test_fold.tolist()})
fixture["stratified_folds"] = fold_cases

linear = []
for fan_in, fan_out in ((7, 3), (13, 2)):
    torch.manual_seed(SEED)
    layer = torch.nn.Linear(fan_in, fan_out)
    linear.append({"in": fan_in, "out": fan_out, "weight": floats(layer.weight.detach()), "bias": floats(layer.bias.detach())})
fixture["linear_init"] = linear

fits = []
for name, config, classes, l2, how in (("adam_validation_data", TEST, 3, 1e-3, "data"),
                                       ("rmsprop_validation_data", FASTTEST, 2, 1e-5, "data"),
                                       ("adam_validation_split", TEST, 2, 1e-2, "split"),
                                       ("rmsprop_validation_split", FASTTEST, 4, 1e-4, "split")):
    (x, y), (dev_x, dev_y) = toy_problem(rng, (300, 60), 6, classes, noise=1.2)
    model = classifier_module.MLP(config, inputdim=6, nclasses=classes, l2reg=l2, seed=SEED)
    if how == "data":
        best = model.fit(x, y, validation_data=(dev_x, dev_y))
    else:
        best = model.fit(x, y, validation_split=0.05)
    fits.append({"name": name, "config": config, "classes": classes, "l2": l2, "validation": how,
                 "x": floats(x), "y": y.tolist(), "dev_x": floats(dev_x), "dev_y": dev_y.tolist(),
                 "best_accuracy": best, "epochs": model.nepoch,
                 "weight": floats(model.model[0].weight.detach()), "bias": floats(model.model[0].bias.detach()),
                 "dev_accuracy_after": model.score(dev_x, dev_y)})
fixture["fits"] = fits

protocols = []
for mode, config, kfold in (("fasttest", FASTTEST, 5), ("test", TEST, 10)):
    [(x, y)] = toy_problem(rng, (150,), 5, 2, noise=1.6)
    result = validation.InnerKFoldClassifier(x, y, {"nclasses": 2, "seed": SEED, "usepytorch": True,
                                                    "classifier": config, "kfold": kfold}).run()
    protocols.append({"protocol": "inner_kfold", "mode": mode, "classes": 2, "kfold": kfold, "x": floats(x),
                      "y": y.tolist(), "devacc": float(result[0]), "acc": float(result[1])})

    (train_x, train_y), (test_x, test_y) = toy_problem(rng, (200, 100), 5, 3, noise=1.5)
    devacc, acc, _ = validation.KFoldClassifier({"X": train_x, "y": train_y}, {"X": test_x, "y": test_y},
                                                {"nclasses": 3, "seed": SEED, "usepytorch": True,
                                                 "classifier": config, "kfold": kfold}).run()
    protocols.append({"protocol": "kfold", "mode": mode, "classes": 3, "kfold": kfold, "x": floats(train_x),
                      "y": train_y.tolist(), "test_x": floats(test_x), "test_y": test_y.tolist(),
                      "devacc": float(devacc), "acc": float(acc)})

    data = dict(zip(("train", "valid", "test"), toy_problem(rng, (200, 80, 90), 5, 2, noise=1.7)))
    devacc, acc = validation.SplitClassifier({k: v[0] for k, v in data.items()}, {k: v[1] for k, v in data.items()},
                                             {"nclasses": 2, "seed": SEED, "usepytorch": True,
                                              "classifier": config}).run()
    protocols.append({"protocol": "split", "mode": mode, "classes": 2,
                      **{f"{part}_{key}": (floats(v[0]) if key == "x" else v[1].tolist())
                         for part, v in data.items() for key in ("x", "y")},
                      "devacc": float(devacc), "acc": float(acc)})
fixture["protocols"] = protocols

if args.senteval_data:
    from senteval.binary import CREval
    from senteval.mrpc import MRPCEval
    from senteval.trec import TRECEval
    from senteval.utils import dotdict

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    from sts_reference import hashed_embedding

    HASHED_DIM = 32
    params = dotdict({"task_path": args.senteval_data, "usepytorch": True, "kfold": 5, "seed": SEED,
                      "batch_size": 128, "nhid": 0, "classifier": FASTTEST})

    def batcher(_, batch):
        return np.stack([hashed_embedding(" ".join(words), HASHED_DIM) for words in batch])

    def run_real_tasks():
        real = []
        for name, task in (("CR", CREval), ("TREC", TRECEval), ("MRPC", MRPCEval)):
            evaluation = task(f"{args.senteval_data}/downstream/{name}", seed=SEED)
            result = evaluation.run(params, batcher)
            real.append({"task": name, "hashed_dim": HASHED_DIM, "mode": "fasttest",
                         **{key: float(result[key]) for key in ("devacc", "acc", "ndev", "ntest", "f1")
                            if key in result}})
            print("real task", real[-1])
        return real

    fixture["real_tasks"] = run_real_tasks()
    # The same with SentEval's classifier in float64, for the double-precision build's test: every
    # float32 it asks for becomes float64, and nn.Linear, still initialised from float32 draws, is
    # widened (as ours is in double). Float32 runs of MRPC differ from machine to machine (its
    # features reach ~80, and the summation order of a GEMM flips early-stopping decisions); in
    # float64 that rounding is gone and the results must agree.
    cpu_torch.float32 = torch.float64
    cpu_torch.FloatTensor = lambda data: torch.as_tensor(np.asarray(data), dtype=torch.float64)
    torch.nn.Module.cuda = lambda self, *a, **k: self.double()
    fixture["real_tasks_float64"] = run_real_tasks()

out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "eval" / "classifier.json"
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps(fixture) + "\n")
print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")
for case in protocols:
    print(case["protocol"], case["mode"], case["devacc"], case["acc"])
