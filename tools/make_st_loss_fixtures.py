#!/usr/bin/env python3
"""make_st_loss_fixtures.py — sentence-transformers' own loss classes on a small random BERT, for
tests/test_st_loss_parity.cc.

The model is tests/fixtures/training/model (make_training_fixtures.py: tiny_data's vocabulary,
dropout 0, initializer_range 0.3 so the sentence vectors are well separated; see that script for
why float32 comparisons at 1e-5 need it) wrapped as a SentenceTransformer: Transformer, Pooling
(mean), and for the scored setting a Dense(32 -> 8, Tanh) layer. For each setting the loss is
computed by sentence-transformers' class on the examples (each column tokenised as
SentenceTransformer.tokenize does), then the gradient of every parameter:

  mnrl_pairs      MultipleNegativesRankingLoss(scale=20) on 5 (anchor, positive) pairs
  mnrl_triplets   the same on 4 (anchor, positive, negative) triplets
  mnrl_symmetric  MultipleNegativesSymmetricRankingLoss(scale=20) on the 5 pairs
  cosine_mse      CosineSimilarityLoss on 5 scored pairs, through the Dense layer

The reference runs in float64 from the float32 weights; float32 sentence-transformers is printed
against it as a check. Writes tests/fixtures/st_losses/: dense.safetensors (the Dense layer's
starting weights), and per setting <name>.json (examples, scores, loss) and <name>_grads.safetensors
(BERT names for the encoder; head.0.linear.* for the Dense layer).

    python3 tools/make_st_loss_fixtures.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file
from sentence_transformers import SentenceTransformer, losses, models

root = pathlib.Path(__file__).resolve().parent.parent
model_dir = root / "tests/fixtures/training/model"
out = root / "tests/fixtures/st_losses"
out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(20211103)

lines = [l.strip() for l in open(root / "tiny_data/corpus.txt", encoding="utf-8")][20:40]
pairs = [[lines[i], lines[i + 10]] for i in range(5)]
triplets = [[lines[i], lines[i + 10], lines[19 - i]] for i in range(4)]
scored = [[lines[i], lines[i + 5], s] for i, s in enumerate([0.9, 0.1, 0.55, 0.3, 0.75])]


def build(with_dense):
    transformer = models.Transformer(str(model_dir), max_seq_length=32, do_lower_case=False)
    modules = [transformer, models.Pooling(32, pooling_mode="mean")]
    if with_dense:
        modules.append(models.Dense(32, 8, activation_function=torch.nn.Tanh()))
    return SentenceTransformer(modules=modules, device="cpu").eval()  # the config's dropout is 0 anyway


def named_parameters(model):
    named = [(n, p) for n, p in model[0].auto_model.named_parameters()]
    if len(model) > 2:
        named += [("head.0.linear." + n, p) for n, p in model[2].linear.named_parameters()]
    return named


settings = {
    "mnrl_pairs": (False, pairs, lambda m: losses.MultipleNegativesRankingLoss(m, scale=20.0)),
    "mnrl_triplets": (False, triplets, lambda m: losses.MultipleNegativesRankingLoss(m, scale=20.0)),
    "mnrl_symmetric": (False, pairs, lambda m: losses.MultipleNegativesSymmetricRankingLoss(m, scale=20.0)),
    "cosine_mse": (True, scored, lambda m: losses.CosineSimilarityLoss(m)),
}

dense_saved = False
for name, (with_dense, examples, make_loss) in settings.items():
    model = build(with_dense)
    if with_dense:
        if not dense_saved:
            save_file({n: p.detach().contiguous() for n, p in named_parameters(model) if n.startswith("head.")},
                      str(out / "dense.safetensors"))
            dense_saved = True
    columns = 2 if name == "cosine_mse" else len(examples[0])
    labels = torch.tensor([e[2] for e in examples]) if name == "cosine_mse" else None

    def run(dtype):
        model.to(dtype)
        loss_fn = make_loss(model)
        for _, p in named_parameters(model):
            p.grad = None
        features = [model.tokenize([e[c] for e in examples]) for c in range(columns)]
        loss = loss_fn(features, labels.to(dtype) if labels is not None else None)
        loss.backward()
        return loss.item(), {n: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone()
                             for n, p in named_parameters(model)}

    loss32, grads32 = run(torch.float32)
    loss, grads = run(torch.float64)
    check = max(((grads32[n].double() - g).abs().max() / g.abs().max()).item() for n, g in grads.items()
                if g.abs().max() > 1e-9)
    record = {"examples": [e[:columns] for e in examples], "loss": loss}
    if labels is not None:
        record["scores"] = labels.tolist()
    (out / f"{name}.json").write_text(json.dumps(record, indent=1))
    save_file({n: g.float().contiguous() for n, g in grads.items()}, str(out / f"{name}_grads.safetensors"))
    print(f"{name}: loss {loss:.6f}; float32 sentence-transformers vs this float64 reference: "
          f"worst normalised gradient error {check:.1e}")
