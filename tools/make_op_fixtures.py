#!/usr/bin/env python3
"""make_op_fixtures.py — PyTorch reference values for every op, for tests/test_ops_torch.cc.

For each case: random float64 inputs (fixed seed), the op's output computed by PyTorch in float64,
a random output gradient, and the gradients PyTorch's autograd pushes to each input. The C++ test
runs the float32 build on the same inputs and compares every value, so the op semantics (GELU's
form, LayerNorm's eps placement, BERT's attention mask, CosineSimilarity's eps, ignore_index) are
checked against the reference, not against our own formulas.

    python3 tools/make_op_fixtures.py   # writes tests/fixtures/ops/ops_torch.json
"""
import json
import math
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(20210416)
cases = []


def tensor(*shape, scale=1.0, grad=True):
    t = torch.tensor(rng.uniform(-scale, scale, size=shape), dtype=torch.float64)
    return t.requires_grad_(grad)


def mask(batch, seq):
    m = np.zeros((batch, seq))
    for b in range(batch):
        m[b, : rng.integers(1, seq + 1)] = 1.0
    m[0, :] = 1.0  # one row without padding
    return torch.tensor(m, dtype=torch.float64)


def encode(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


def add_case(name, op, inputs, forward, attrs=None, ints=None):
    out = forward(*inputs)
    out_grad = torch.tensor(rng.uniform(-1, 1, size=tuple(out.shape)), dtype=torch.float64)
    differentiable = [t for t in inputs if t.requires_grad]
    grads = torch.autograd.grad(out, differentiable, out_grad)
    grad_iter = iter(grads)
    cases.append({
        "name": name, "op": op, "attrs": attrs or {}, "ints": ints or [],
        "inputs": [dict(encode(t), grad=t.requires_grad) for t in inputs],
        "output": encode(out), "output_grad": encode(out_grad),
        "input_grads": [encode(next(grad_iter)) if t.requires_grad else None for t in inputs],
    })


def hf_gelu_new(x):  # transformers' NewGELUActivation, written out
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


for ta in (False, True):
    for tb in (False, True):
        a = tensor(5, 7) if ta else tensor(7, 5)
        b = tensor(3, 5) if tb else tensor(5, 3)
        add_case(f"matmul_ta{int(ta)}_tb{int(tb)}", "matmul", [a, b],
                 lambda a, b, ta=ta, tb=tb: (a.T if ta else a) @ (b.T if tb else b),
                 {"transpose_a": ta, "transpose_b": tb})
add_case("linear_3d", "matmul", [tensor(2, 3, 6), tensor(4, 6)], lambda x, w: x @ w.T,
         {"transpose_a": False, "transpose_b": True})
add_case("attention_scores", "batched_matmul", [tensor(2, 3, 5, 4), tensor(2, 3, 5, 4)],
         lambda q, k: q @ k.transpose(-1, -2), {"transpose_a": False, "transpose_b": True})
add_case("attention_context", "batched_matmul", [tensor(2, 3, 5, 5), tensor(2, 3, 5, 4)],
         lambda p, v: p @ v, {"transpose_a": False, "transpose_b": False})
add_case("batched_ta", "batched_matmul", [tensor(2, 4, 3), tensor(2, 4, 5)],
         lambda a, b: a.transpose(-1, -2) @ b, {"transpose_a": True, "transpose_b": False})
for name, fn in (("add", torch.add), ("sub", torch.sub), ("mul", torch.mul)):
    add_case(f"{name}_same", name, [tensor(4, 6), tensor(4, 6)], fn)
    add_case(f"{name}_bias_row", name, [tensor(2, 3, 6), tensor(6)], fn)
add_case("scale", "scale", [tensor(3, 5)], lambda x: x * -0.75, {"alpha": -0.75})
add_case("gelu", "gelu", [tensor(4, 9, scale=4)], F.gelu)
add_case("gelu_new", "gelu_new", [tensor(4, 9, scale=4)], hf_gelu_new)
add_case("relu", "relu", [tensor(4, 9, scale=4)], F.relu)
add_case("tanh", "tanh", [tensor(4, 9, scale=4)], torch.tanh)
add_case("layer_norm", "layer_norm", [tensor(2, 3, 13, scale=3), tensor(13), tensor(13)],
         lambda x, g, b: F.layer_norm(x, (13,), g, b, eps=1e-12), {"eps": 1e-12})
attention_mask = mask(2, 6)
# BERT's extended mask: (1 - mask)[:, None, None, :] * finfo.min added to the scores.
add_case("masked_softmax", "masked_softmax", [tensor(2, 3, 6, 6, scale=4), attention_mask.requires_grad_(False)],
         lambda s, m: torch.softmax(s + (1.0 - m)[:, None, None, :] * torch.finfo(s.dtype).min, dim=-1))
add_case("softmax", "masked_softmax", [tensor(3, 7, scale=4)], lambda s: torch.softmax(s, dim=-1))
ids = [3, 0, 6, 3, 2, 6, 6, 1]
add_case("embedding", "embedding", [tensor(7, 5)], lambda w: F.embedding(torch.tensor(ids).reshape(2, 4), w),
         {"ids_shape": [2, 4]}, ids)
add_case("permute_heads", "permute", [tensor(2, 5, 3, 4)], lambda x: x.permute(0, 2, 1, 3), {"order": [0, 2, 1, 3]})
add_case("select_cls", "select", [tensor(3, 5, 4)], lambda x: x[:, 0], {"axis": 1, "index": 0})
add_case("slice", "slice", [tensor(4, 9)], lambda x: x[:, 2:7], {"axis": 1, "start": 2, "length": 5})
add_case("concat", "concat", [tensor(3, 4), tensor(2, 4)], lambda a, b: torch.cat([a, b], 0), {"axis": 0})
pool_mask = mask(3, 5)
add_case("masked_mean", "masked_mean", [tensor(3, 5, 4), pool_mask.requires_grad_(False)],
         lambda h, m: (h * m.unsqueeze(-1)).sum(1) / m.sum(-1).unsqueeze(-1))
add_case("l2_normalize", "l2_normalize", [tensor(4, 7)], lambda x: F.normalize(x, dim=-1))
# SimCSE's similarity: nn.CosineSimilarity(dim=-1) on [n, 1, h] against [1, m, h].
add_case("cosine_matrix", "cosine_matrix", [tensor(4, 6), tensor(5, 6)],
         lambda a, b: torch.nn.CosineSimilarity(dim=-1)(a.unsqueeze(1), b.unsqueeze(0)))
labels = [2, -100, 0, 4, 1]
add_case("cross_entropy", "cross_entropy", [tensor(5, 6, scale=5)],
         lambda z: F.cross_entropy(z, torch.tensor(labels)), {}, labels)
add_case("sum", "sum", [tensor(4, 5)], torch.sum)
add_case("mean", "mean", [tensor(4, 5)], torch.mean)


# SimCSE's cl_forward (simcse/models.py), written out: cosines over temp, the hard negatives'
# columns appended with `weight` on each row's own, cross-entropy with label i for row i. The
# margin m lowers each positive's cosine (the diagonal) before the temperature.
def simcse_loss(z1, z2, z3=None, temp=0.05, weight=0.0, margin=0.0):
    n = z1.shape[0]
    cos = torch.nn.CosineSimilarity(dim=-1)
    logits = (cos(z1.unsqueeze(1), z2.unsqueeze(0)) - margin * torch.eye(n, dtype=z1.dtype)) / temp
    if z3 is not None:
        logits = torch.cat([logits, cos(z1.unsqueeze(1), z3.unsqueeze(0)) / temp], 1)
        weights = torch.tensor([[0.0] * n + [0.0] * i + [weight] + [0.0] * (n - i - 1) for i in range(n)],
                               dtype=z1.dtype)
        logits = logits + weights
    return F.cross_entropy(logits, torch.arange(n))


add_case("infonce_unsup", "contrastive_loss", [tensor(6, 5), tensor(6, 5)], simcse_loss,
         {"temperature": 0.05, "hard_negative_weight": 0.0, "margin": 0.0})
add_case("infonce_sup_weighted", "contrastive_loss", [tensor(6, 5), tensor(6, 5), tensor(6, 5)],
         lambda a, p, n: simcse_loss(a, p, n, 0.05, 1.0), {"temperature": 0.05, "hard_negative_weight": 1.0, "margin": 0.0})
add_case("infonce_margin", "contrastive_loss", [tensor(6, 5), tensor(6, 5)],
         lambda a, p: simcse_loss(a, p, None, 1 / 30, 0.0, 0.2),
         {"temperature": 1 / 30, "hard_negative_weight": 0.0, "margin": 0.2})
add_case("infonce_margin_sup", "contrastive_loss", [tensor(6, 5), tensor(6, 5), tensor(6, 5)],
         lambda a, p, n: simcse_loss(a, p, n, 0.05, 0.5, 0.1),
         {"temperature": 0.05, "hard_negative_weight": 0.5, "margin": 0.1})

# sentence-transformers' Pooling (models/Pooling.py), written out: max_tokens sets padding to -1e9
# before torch.max; mean_sqrt_len_tokens divides the masked sum by sqrt(token count).
st_mask = mask(4, 6)


def st_max_tokens(h, m):
    h = h.clone()
    h[m.unsqueeze(-1).expand(h.size()) == 0] = -1e9
    return torch.max(h, 1)[0]


add_case("masked_max", "masked_max", [tensor(4, 6, 5), st_mask.requires_grad_(False)], st_max_tokens)
add_case("masked_mean_sqrt_len", "masked_mean_sqrt_len", [tensor(4, 6, 5), st_mask],
         lambda h, m: (h * m.unsqueeze(-1)).sum(1) / torch.sqrt(m.sum(-1).unsqueeze(-1)))

path = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/ops/ops_torch.json"
path.write_text(json.dumps({"generator": "tools/make_op_fixtures.py", "torch": torch.__version__,
                            "cases": cases}, separators=(",", ":")))
print(f"wrote {len(cases)} cases to {path}")
