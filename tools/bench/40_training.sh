#!/usr/bin/env bash
# 40_training.sh BUILD_DIR — `make bench` section: the time of one unsupervised SimCSE training step
# (batch 64 sentences x 2 dropout views x 32 tokens: forward, InfoNCE, backward, clipping, AdamW)
# for BERT-base and a 6-layer 384-wide model, ours (tools/bench/training_bench.cc) beside the
# PyTorch reference step (tools/bench/training_torch.py) with the same thread count, each in its
# own process so its peak resident memory is its own; the engines alternate, best of ROUNDS.
set -uo pipefail
build=$1
threads=${BENCH_THREADS:-$(nproc)}
rounds=${BENCH_ROUNDS:-2}
bench=$build/bench/training_bench
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# name layers hidden heads intermediate timed-steps
models=("bert-base 12 768 12 3072 1" "6x384 6 384 12 1536 3")
has_torch=1
for ((round = 0; round < rounds; ++round)); do
  for model in "${models[@]}"; do
    read -r name layers hidden heads intermediate steps <<< "$model"
    "$bench" --name "$name" --layers "$layers" --hidden "$hidden" --heads "$heads" --intermediate "$intermediate" \
      --steps "$steps" --threads "$threads" >> "$dir/ours"
    if [[ $has_torch == 1 ]]; then
      python3 tools/bench/training_torch.py "$name" "$layers" "$hidden" "$heads" "$intermediate" 64 32 "$steps" \
        "$threads" >> "$dir/torch" 2>/dev/null || has_torch=0
    fi
  done
done

# The best (fewest seconds per step) row of each model: name, s/step, sentences/s, peak MiB.
best() { sort -t$'\t' -k1,1 -k2,2g "$1" | awk -F'\t' '!seen[$1]++'; }

echo "## Training step, float32, unsupervised SimCSE, batch 64 x 2 views x 32 tokens, $threads threads (best of $rounds)"
printf '%-10s %10s %10s %10s %12s %12s %10s %10s\n' model "ours s" "sent/s" "peak MiB" "torch s" "sent/s" \
  "peak MiB" "torch/ours"
best "$dir/ours" | while IFS=$'\t' read -r name seconds rate peak; do
  torch_row=$( [[ $has_torch == 1 ]] && best "$dir/torch" | awk -F'\t' -v n="$name" '$1 == n')
  if [[ -n $torch_row ]]; then
    IFS=$'\t' read -r _ torch_seconds torch_rate torch_peak <<< "$torch_row"
    ratio=$(awk -v a="$torch_seconds" -v b="$seconds" 'BEGIN { printf "%.2f", a / b }')
  else
    torch_seconds=n/a torch_rate=n/a torch_peak=n/a ratio=n/a
  fi
  printf '%-10s %10s %10s %10s %12s %12s %10s %10s\n' "$name" "$seconds" "$rate" "$peak" "$torch_seconds" \
    "$torch_rate" "$torch_peak" "$ratio"
done
[[ $has_torch == 1 ]] || echo "(torch or transformers is not installed: pip install torch transformers for that column)"
echo "sent/s counts sentences through the encoder (2 per example). torch/ours > 1 means our step is faster."
