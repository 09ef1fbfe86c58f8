#!/usr/bin/env python3
"""make_training_optimizer_fixtures.py — three steps of the Hugging Face Trainer's optimisation as
SimCSE runs it: torch.optim.AdamW with gradient-norm clipping at 1.0 and transformers' linear
schedule with warm-up, for tests/test_optimizer.cc (the AdamW class over named parameters).
(tools/make_optimizer_fixtures.py checks the AdamW kernel itself, one tensor at a time.)

Parameters carry BERT-style names so the weight-decay exemption (biases and LayerNorm weights, as
the Trainer's get_decay_parameter_names) is exercised; the gradients are large enough that
clipping engages on some steps and not on others; warm-up makes the first step's rate 0.

    python3 tools/make_training_optimizer_fixtures.py   # writes tests/fixtures/training/optimizer.json
"""
import json
import pathlib

import numpy as np
import torch
from transformers import get_linear_schedule_with_warmup

rng = np.random.default_rng(5)
shapes = {
    "embeddings.word_embeddings.weight": (11, 6),
    "embeddings.LayerNorm.weight": (6,),
    "embeddings.LayerNorm.bias": (6,),
    "encoder.layer.0.attention.self.query.weight": (6, 6),
    "encoder.layer.0.attention.self.query.bias": (6,),
    "mlp.dense.weight": (6, 6),
}
params = {n: torch.tensor(rng.normal(0, 0.5, s), dtype=torch.float32, requires_grad=True) for n, s in shapes.items()}
learning_rate, weight_decay, warmup, total = 3e-3, 0.01, 1, 4
decay = [p for n, p in params.items() if "bias" not in n and "layernorm" not in n.lower()]
no_decay = [p for n, p in params.items() if "bias" in n or "layernorm" in n.lower()]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                               {"params": no_decay, "weight_decay": 0.0}],
                              lr=learning_rate, betas=(0.9, 0.999), eps=1e-8)
schedule = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=warmup, num_training_steps=total)

steps = []
for step, grad_scale in enumerate([0.05, 3.0, 0.4]):  # small, clipped, clipped again
    grads = {n: rng.normal(0, grad_scale, s).astype(np.float32) for n, s in shapes.items()}
    for n, p in params.items():
        p.grad = torch.tensor(grads[n])
    norm = torch.nn.utils.clip_grad_norm_(list(params.values()), 1.0)
    lr = optimizer.param_groups[0]["lr"]
    optimizer.step()
    schedule.step()
    steps.append({"grads": {n: g.reshape(-1).tolist() for n, g in grads.items()},
                  "grad_norm": float(norm), "learning_rate": lr,
                  "params_after": {n: p.detach().reshape(-1).tolist() for n, p in params.items()}})

initial = np.random.default_rng(5)  # the same draws as the parameters above, before training
fixture = {
    "generator": "tools/make_training_optimizer_fixtures.py", "torch": torch.__version__,
    "learning_rate": learning_rate, "weight_decay": weight_decay, "warmup_steps": warmup, "total_steps": total,
    "max_grad_norm": 1.0,
    "shapes": {n: list(s) for n, s in shapes.items()},
    "initial": {n: torch.tensor(initial.normal(0, 0.5, s), dtype=torch.float32).reshape(-1).tolist()
                for n, s in shapes.items()},
    "steps": steps,
}
path = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/training/optimizer.json"
path.write_text(json.dumps(fixture))
print(f"wrote {path}: grad norms {[round(s['grad_norm'], 4) for s in steps]}, lrs {[s['learning_rate'] for s in steps]}")
