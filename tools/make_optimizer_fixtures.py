#!/usr/bin/env python3
"""make_optimizer_fixtures.py — PyTorch reference values for the optimizer kernels, for
tests/test_optimizer_torch.cc.

For each case: two parameter tensors, a few steps of torch.optim.AdamW with given gradients, and
the parameters and both moments after every step; and torch.nn.utils.clip_grad_norm_ on one set of
gradients (the total norm it returns and the clipped gradients). All in float64, from a fixed seed.
The "exaggerated" case uses hyperparameters under which every detail of AdamW (decoupled weight
decay, bias correction, eps added after the square root) changes the result by far more than the
test's tolerance; the "simcse" case uses the paper's unsupervised BERT-base settings (lr 3e-5).

    python3 tools/make_optimizer_fixtures.py   # writes tests/fixtures/optimizer/adamw_torch.json
"""
import json
import pathlib

import numpy as np
import torch

rng = np.random.default_rng(20190514)


def encode(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


def adamw_case(name, lr, betas, eps, weight_decay, steps):
    params = [torch.tensor(rng.uniform(-1, 1, size=shape), dtype=torch.float64, requires_grad=True)
              for shape in ((5, 7), (13,))]
    initial = [encode(p) for p in params]
    optimizer = torch.optim.AdamW(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                  foreach=False)
    history = []
    for _ in range(steps):
        grads = [torch.tensor(rng.uniform(-1, 1, size=tuple(p.shape)), dtype=torch.float64) for p in params]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        optimizer.step()
        history.append({
            "grads": [encode(g) for g in grads],
            "params": [encode(p) for p in params],
            "exp_avg": [encode(optimizer.state[p]["exp_avg"]) for p in params],
            "exp_avg_sq": [encode(optimizer.state[p]["exp_avg_sq"]) for p in params],
        })
    return {"name": name, "lr": lr, "beta1": betas[0], "beta2": betas[1], "eps": eps,
            "weight_decay": weight_decay, "initial": initial, "steps": history}


def clip_case(max_norm):
    grads = [torch.tensor(rng.uniform(-1, 1, size=shape), dtype=torch.float64) for shape in ((6, 4), (9,))]
    params = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return {"max_norm": max_norm, "grads": [encode(g) for g in grads], "total_norm": float(total),
            "clipped": [encode(p.grad) for p in params]}


fixture = {
    "adamw": [
        adamw_case("exaggerated", lr=0.1, betas=(0.8, 0.95), eps=0.1, weight_decay=0.3, steps=4),
        adamw_case("simcse", lr=3e-5, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, steps=3),
    ],
    "clip": clip_case(max_norm=1.0),
}
path = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/optimizer/adamw_torch.json"
path.parent.mkdir(parents=True, exist_ok=True)
path.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {path}")
