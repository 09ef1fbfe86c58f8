#!/usr/bin/env python3
"""training_torch.py — the PyTorch reference for tools/bench/training_bench.cc: one unsupervised
SimCSE training step as princeton-nlp/SimCSE runs it (BertModel without pooler, MLP over [CLS],
cosine / 0.05, cross-entropy, backward, clip_grad_norm_ 1.0, AdamW), on the CPU with the same
thread count, dropout 0.1 (train mode). Prints the same row as training_bench:
name  seconds/step  sentences/s  peak MiB.

    python3 training_torch.py NAME LAYERS HIDDEN HEADS INTERMEDIATE BATCH SEQ STEPS THREADS
"""
import resource
import sys
import time

import torch
import torch.nn as nn
from transformers import BertConfig, BertModel

name, layers, hidden, heads, intermediate, batch, seq, steps, threads = sys.argv[1:10]
layers, hidden, heads, intermediate, batch, seq, steps, threads = map(
    int, (layers, hidden, heads, intermediate, batch, seq, steps, threads))
torch.set_num_threads(threads)
torch.manual_seed(0)
config = BertConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                    intermediate_size=intermediate, attn_implementation="eager")
bert = BertModel(config, add_pooling_layer=False).train()
mlp = nn.Linear(hidden, hidden)
params = list(bert.parameters()) + list(mlp.parameters())
optimizer = torch.optim.AdamW(params, lr=3e-5, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
ids = torch.randint(1000, 30000, (batch, seq))
ids[:, 0] = 101
input_ids = ids.repeat_interleave(2, dim=0)  # two views of every sentence, as cl_forward's view(-1, len)
mask = torch.ones_like(input_ids)


def step():
    out = bert(input_ids=input_ids, attention_mask=mask)
    z = torch.tanh(mlp(out.last_hidden_state[:, 0])).view(batch, 2, hidden)
    sim = nn.CosineSimilarity(dim=-1)(z[:, 0].unsqueeze(1), z[:, 1].unsqueeze(0)) / 0.05
    loss = nn.CrossEntropyLoss()(sim, torch.arange(batch))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    optimizer.zero_grad()


step()  # warm-up, as ours
start = time.perf_counter()
for _ in range(steps):
    step()
seconds = (time.perf_counter() - start) / steps
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{name}\t{seconds:.3f}\t{2 * batch / seconds:.1f}\t{peak:.0f}")
