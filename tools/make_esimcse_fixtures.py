#!/usr/bin/env python3
"""make_esimcse_fixtures.py — ESimCSE's queued InfoNCE as its public code computes it
(caskcsg/sentemb ESimCSE/esimcse/models.py, cl_forward with pre_z1): the cosine matrix of anchors
z1 and positives z2 over the temperature, the cosines of z1 with the queued momentum vectors
appended as extra columns, cross-entropy with label i for row i; in float64 with PyTorch's own
CosineSimilarity and CrossEntropyLoss. The gradients of z1 and z2 are saved (the queue is a
constant there). For tests/test_esimcse.cc.

Writes tests/fixtures/esimcse/queued_loss.safetensors (z1 [6, 8], z2 [6, 8], queue [10, 8],
grad_z1, grad_z2, loss []) with temperature 0.05.

    python3 tools/make_esimcse_fixtures.py
"""
import pathlib

import torch
from safetensors.torch import save_file

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "tests/fixtures/esimcse"
out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(20220916)

temperature = 0.05
z1 = torch.randn(6, 8, dtype=torch.float64).float().double().requires_grad_()
z2 = torch.randn(6, 8, dtype=torch.float64).float().double().requires_grad_()
queue = torch.randn(10, 8, dtype=torch.float64).float().double()  # values float32 can hold exactly

cos = torch.nn.CosineSimilarity(dim=-1)
in_batch = cos(z1.unsqueeze(1), z2.unsqueeze(0)) / temperature       # [6, 6]
queued = cos(z1.unsqueeze(1), queue.unsqueeze(0)) / temperature       # [6, 10]
logits = torch.cat((in_batch, queued), 1)                             # [6, 16]
loss = torch.nn.CrossEntropyLoss()(logits, torch.arange(6))
loss.backward()
print("loss", loss.item())
save_file({"z1": z1.detach().float(), "z2": z2.detach().float(), "queue": queue.float(),
           "grad_z1": z1.grad.float(), "grad_z2": z2.grad.float(), "loss": loss.detach().float().reshape([])},
          str(out / "queued_loss.safetensors"))
