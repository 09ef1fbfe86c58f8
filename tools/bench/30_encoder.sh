#!/usr/bin/env bash
# 30_encoder.sh BUILD_DIR — `make bench` section: encode throughput of a random BERT (batch 64 x
# 32 tokens, no padding, inference, the cls pooler) for BERT-base (12 x 768, 12 heads, 3072) and
# a 6-layer 384-wide model (12 heads, 1536), ours (tools/bench/encoder_bench.cc) beside
# transformers + torch on the CPU (tools/bench/encoder_torch.py) with the same thread count,
# each in its own process so its peak resident memory is its own. Both cores first, then one
# thread (which other processes on the machine disturb far less). The engines alternate and each
# keeps its best of BENCH_ROUNDS runs, so a burst of load from another process hits both alike.
set -uo pipefail
build=$1
rounds=${BENCH_ROUNDS:-3}
bench=$build/bench/encoder_bench
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# name layers hidden heads intermediate timed-batches
models=("bert-base 12 768 12 3072 2" "6x384 6 384 12 1536 8")
has_torch=1
for threads in $(nproc) 1; do
  for ((round = 0; round < rounds; ++round)); do
    for model in "${models[@]}"; do
      read -r name layers hidden heads intermediate batches <<< "$model"
      "$bench" --name "$name/$threads" --layers "$layers" --hidden "$hidden" --heads "$heads" \
        --intermediate "$intermediate" --batches "$batches" --threads "$threads" >> "$dir/ours"
      if [[ $has_torch == 1 ]]; then
        python3 tools/bench/encoder_torch.py "$name/$threads" "$layers" "$hidden" "$heads" "$intermediate" 64 32 \
          "$batches" "$threads" >> "$dir/torch" 2>/dev/null || has_torch=0
      fi
    done
  done
done

# The best (highest sentences/s) row of each model: name, sentences/s, s/batch, peak MiB.
best() { sort -t$'\t' -k1,1 -k2,2gr "$1" | awk -F'\t' '!seen[$1]++' | sort -t/ -k2,2nr -k1,1; }

echo "## Encoder throughput, float32, batch 64 x 32 tokens, random weights (best of $rounds)"
echo "load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-14s %12s %8s %9s %13s %8s %9s %11s\n' "model/threads" "ours sent/s" "s/batch" "peak MiB" "torch sent/s" \
  "s/batch" "peak MiB" "ours/torch"
best "$dir/ours" | while IFS=$'\t' read -r name rate per_batch peak; do
  torch_row=$([[ $has_torch == 1 ]] && best "$dir/torch" | awk -F'\t' -v n="$name" '$1 == n')
  if [[ -n $torch_row ]]; then
    IFS=$'\t' read -r _ torch_rate torch_per_batch torch_peak <<< "$torch_row"
    ratio=$(awk -v a="$rate" -v b="$torch_rate" 'BEGIN { printf "%.2f", a / b }')
  else
    torch_rate=n/a torch_per_batch=n/a torch_peak=n/a ratio=n/a
  fi
  printf '%-14s %12s %8s %9s %13s %8s %9s %11s\n' "$name" "$rate" "$per_batch" "$peak" "$torch_rate" \
    "$torch_per_batch" "$torch_peak" "$ratio"
done
[[ $has_torch == 1 ]] || echo "(torch or transformers is not installed: pip install torch transformers for that column)"
echo "peak MiB = the process's peak resident set (getrusage): weights, activations, and for torch the"
echo "           Python interpreter and libtorch too. ours/torch > 1 means we encode faster."
echo "With the machine shared (load average above the core count), every thread of a parallel region"
echo "waits for the slowest one to be scheduled: compare the 1-thread rows then."
