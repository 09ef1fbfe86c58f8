#!/usr/bin/env python3
"""gemm_torch.py — torch.matmul GFLOP/s at the same shapes as gemm_bench.cc (float32, 2 threads),
printed as "shape<TAB>GFLOP/s" rows. Exits 3 when torch is not installed."""
import sys
import time

try:
    import torch
except ImportError:
    sys.exit(3)

torch.set_num_threads(2)
tokens, hidden, ffn, heads, head_dim, seq = 64 * 32, 768, 3072, 12, 64, 32


def linear(m, k, n):
    x, w = torch.full((m, k), 0.5), torch.full((n, k), 0.25)
    return (lambda: x @ w.T), 2.0 * m * k * n


def batched(m, k, n, transpose_b):
    a = torch.full((64 * heads, m, k), 0.5)
    b = torch.full((64 * heads, n, k) if transpose_b else (64 * heads, k, n), 0.25)
    return (lambda: a @ (b.transpose(-1, -2) if transpose_b else b)), 2.0 * 64 * heads * m * k * n


cases = [
    ("2048x768x768 (Q, K, V, attention output)", *linear(tokens, hidden, hidden)),
    ("2048x768x3072 (feed-forward up)", *linear(tokens, hidden, ffn)),
    ("2048x3072x768 (feed-forward down)", *linear(tokens, ffn, hidden)),
    ("768 x 32x64x32 (Q K^T, batched)", *batched(seq, head_dim, seq, True)),
    ("768 x 32x32x64 (P V, batched)", *batched(seq, seq, head_dim, False)),
]
with torch.inference_mode():
    for name, run, flops in cases:
        run()
        best = 1e30
        for _ in range(10):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        print(f"{name}\t{flops / best / 1e9:.1f}")
