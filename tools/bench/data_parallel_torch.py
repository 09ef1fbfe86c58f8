#!/usr/bin/env python3
"""data_parallel_torch.py — the PyTorch reference for tools/bench/50_data_parallel.sh: unsupervised
SimCSE training steps run as princeton-nlp/SimCSE runs them under torch.distributed (DDP over the
gloo CPU backend, each rank encoding its shard, cl_forward's all_gather of z1 and z2 with the local
shard put back so it keeps its gradient, cosine / 0.05, cross-entropy, backward with DDP's gradient
all-reduce, clip_grad_norm_ 1.0, AdamW). Prints: ranks  seconds/step  sentences/s.

    python3 data_parallel_torch.py RANKS LAYERS HIDDEN HEADS INTERMEDIATE VOCAB BATCH_PER_RANK SEQ STEPS THREADS_PER_RANK
"""
import os
import socket
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
from transformers import BertConfig, BertModel


class Encoder(nn.Module):
    """BERT without its pooler, and the MLP over [CLS] that unsupervised SimCSE trains with."""

    def __init__(self, config):
        super().__init__()
        self.bert = BertModel(config, add_pooling_layer=False)
        self.mlp = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, ids):
        out = self.bert(input_ids=ids, attention_mask=torch.ones_like(ids))
        return torch.tanh(self.mlp(out.last_hidden_state[:, 0]))


def run(rank, ranks, layers, hidden, heads, intermediate, vocab, batch, seq, steps, threads, port, results):
    os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
    torch.set_num_threads(threads)
    if ranks > 1:
        dist.init_process_group("gloo", rank=rank, world_size=ranks)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=vocab, num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                        intermediate_size=intermediate, attn_implementation="eager")
    model = Encoder(config).train()
    if ranks > 1:
        model = nn.parallel.DistributedDataParallel(model)  # averages the gradients during backward
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5, weight_decay=0.0)
    generator = torch.Generator().manual_seed(rank)
    ids = torch.randint(5, vocab, (batch, seq), generator=generator).repeat_interleave(2, dim=0)

    def step():
        z = model(ids).view(batch, 2, hidden)
        z1, z2 = z[:, 0], z[:, 1]
        if ranks > 1:  # cl_forward: gather every rank's vectors, put the local ones (with gradient) back
            z1_list = [torch.zeros_like(z1) for _ in range(ranks)]
            z2_list = [torch.zeros_like(z2) for _ in range(ranks)]
            dist.all_gather(z1_list, z1.contiguous())
            dist.all_gather(z2_list, z2.contiguous())
            z1_list[rank], z2_list[rank] = z1, z2
            z1, z2 = torch.cat(z1_list, 0), torch.cat(z2_list, 0)
        sim = nn.CosineSimilarity(dim=-1)(z1.unsqueeze(1), z2.unsqueeze(0)) / 0.05
        loss = nn.CrossEntropyLoss()(sim, torch.arange(sim.size(0)))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()

    step()  # warm-up
    if ranks > 1:
        dist.barrier()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = (time.perf_counter() - start) / steps
    if rank == 0:
        results.put(seconds)
    if ranks > 1:
        dist.destroy_process_group()


def main():
    ranks, layers, hidden, heads, intermediate, vocab, batch, seq, steps, threads = map(int, sys.argv[1:11])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    results = mp.get_context("spawn").SimpleQueue()
    mp.spawn(run, args=(ranks, layers, hidden, heads, intermediate, vocab, batch, seq, steps, threads, port, results),
             nprocs=ranks)
    seconds = results.get()
    print(f"{ranks}\t{seconds:.3f}\t{2 * batch * ranks / seconds:.1f}")


if __name__ == "__main__":
    main()
