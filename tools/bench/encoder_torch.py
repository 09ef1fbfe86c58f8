#!/usr/bin/env python3
"""encoder_torch.py — the same measurement as encoder_bench.cc with transformers' BertModel on the
CPU: random weights, batches of BATCH sentences of exactly SEQ random tokens, inference mode,
torch.set_num_threads(THREADS), pooler_output. Prints
    name<TAB>sentences/s<TAB>seconds per batch<TAB>peak resident MiB (this process)
Exits 3 when torch or transformers is missing.

    encoder_torch.py NAME LAYERS HIDDEN HEADS INTERMEDIATE [BATCH SEQ BATCHES THREADS]
"""
import resource
import sys
import time

try:
    import torch
    from transformers import BertConfig, BertModel
except ImportError:
    sys.exit(3)

name, layers, hidden, heads, intermediate = sys.argv[1], *map(int, sys.argv[2:6])
batch, seq, batches, threads = (list(map(int, sys.argv[6:10])) + [64, 32, 3, 2][len(sys.argv[6:10]):])[:4]
torch.set_num_threads(threads)
torch.manual_seed(1)
config = BertConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                    intermediate_size=intermediate)
model = BertModel(config).eval()  # transformers' default attention (sdpa) on the CPU
generator = torch.Generator().manual_seed(7)
input_ids = torch.randint(1000, 30000, (batch, seq), generator=generator)
input_ids[:, 0] = 101
inputs = {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids),
          "token_type_ids": torch.zeros_like(input_ids)}
with torch.inference_mode():
    model(**inputs)  # warm-up
    start = time.perf_counter()
    for _ in range(batches):
        model(**inputs).pooler_output
    seconds = time.perf_counter() - start
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{name}\t{batches * batch / seconds:.1f}\t{seconds / batches:.3f}\t{peak_mib:.0f}")
