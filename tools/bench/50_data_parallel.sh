#!/usr/bin/env bash
# 50_data_parallel.sh BUILD_DIR — `make bench` section: data-parallel training on this machine's
# cores. The same global batch (64 sentences x 2 views x 32 tokens, 6-layer 384-wide BERT) trained by
# one process on every core and by `mpirun -np 2` ranks on half the cores each, ours (`simcse train`)
# beside PyTorch DDP over gloo running SimCSE's cl_forward (tools/bench/data_parallel_torch.py); then
# the bytes each collective moves per step for BERT-base at 8 and 64 GPUs and the time they take at
# a stated link bandwidth (a projection from the ring algorithm's traffic, not a measurement).
set -uo pipefail
build=$1
cores=$(nproc)
steps=${BENCH_DP_STEPS:-4}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mpirun=(env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe)

echo "## Data-parallel training, float32, unsupervised SimCSE, global batch 64 x 2 views x 32 tokens, 6x384 BERT"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $cores cores"
if ! command -v mpirun > /dev/null; then
  echo "(mpirun is missing: make deps installs Open MPI)"
  exit 0
fi

# Every line tokenizes to more than 32 tokens, so every sentence is truncated to exactly 32, as the
# random ids of the PyTorch side are.
vocab=tiny_data/vocab.txt
grep -v -e '^\[' -e '^##' "$vocab" | awk 'BEGIN { srand(1) } { w[n++] = $0 } END {
  for (line = 0; line < 4096; ++line) { s = ""; for (i = 0; i < 40; ++i) s = s w[int(rand() * n)] " "; print s } }' \
  > "$dir/sentences.txt"
vocab_size=$(wc -l < "$vocab")
cat > "$dir/config.json" << JSON
{"model_type": "bert", "vocab_size": $vocab_size, "hidden_size": 384, "num_hidden_layers": 6,
 "num_attention_heads": 12, "intermediate_size": 1536, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
 "attention_probs_dropout_prob": 0.1, "max_position_embeddings": 64, "type_vocab_size": 2,
 "initializer_range": 0.02, "layer_norm_eps": 1e-12, "pad_token_id": 0}
JSON

# Seconds per step over steps 2..N, from the cumulative sentences/s the training log records.
seconds_per_step() {
  awk -v steps="$steps" -v batch=64 '/"loss"/ {
      match($0, /"sentences_per_second":[0-9.e+-]+/); rate = substr($0, RSTART + 23, RLENGTH - 23)
      match($0, /"step":[0-9]+/); step = substr($0, RSTART + 7, RLENGTH - 7)
      elapsed[step] = step * 2 * batch / rate }
    END { printf "%.3f", (elapsed[steps] - elapsed[1]) / (steps - 1) }' "$1/training_log.jsonl"
}

printf '%-6s %8s %10s %10s %10s %10s %11s\n' ranks threads "ours s" "sent/s" "torch s" "sent/s" "torch/ours"
for ranks in 1 2; do
  threads=$((cores / ranks > 0 ? cores / ranks : 1))
  per_rank=$((64 / ranks))
  args=(train --config_name "$dir/config.json" --tokenizer_name "$vocab" --train_file "$dir/sentences.txt"
        --per_device_train_batch_size "$per_rank" --max_seq_length 32 --max_steps "$steps" --logging_steps 1
        --save_steps 0 --threads "$threads" --output_dir "$dir/out$ranks")
  if [[ $ranks == 1 ]]; then
    "$build/simcse" "${args[@]}" > /dev/null 2>&1
  else
    "${mpirun[@]}" -np "$ranks" "$build/simcse" "${args[@]}" > /dev/null 2>&1
  fi
  ours=$(seconds_per_step "$dir/out$ranks")
  ours_rate=$(awk -v s="$ours" 'BEGIN { printf "%.1f", 128 / s }')
  torch_row=$(python3 tools/bench/data_parallel_torch.py "$ranks" 6 384 12 1536 "$vocab_size" "$per_rank" 32 \
                "$((steps - 1))" "$threads" 2> /dev/null)
  if [[ -n $torch_row ]]; then
    IFS=$'\t' read -r _ torch_seconds torch_rate <<< "$torch_row"
    ratio=$(awk -v a="$torch_seconds" -v b="$ours" 'BEGIN { printf "%.2f", a / b }')
  else
    torch_seconds=n/a torch_rate=n/a ratio=n/a
  fi
  printf '%-6s %8s %10s %10s %10s %10s %11s\n' "$ranks" "$threads" "$ours" "$ours_rate" "$torch_seconds" \
    "$torch_rate" "$ratio"
done
echo "Each row uses all $cores cores (ranks x threads). torch/ours > 1 means our step is faster; torch is"
echo "DistributedDataParallel over gloo (n/a: torch or transformers is not installed)."

echo
echo "## Projected communication per step, BERT-base SimCSE (110.1M parameters, batch 64 per GPU, fp32)"
# Ring all-reduce: each rank sends and receives 2 (N - 1) / N of the gradient; the all-gather of z1
# and z2 (forward only: the backward keeps each rank's gradient local) brings (N - 1) shards of
# 64 x 768 numbers each. Bandwidths: 150 GB/s per direction inside a node (NVLink-class), 12.5 GB/s
# (100 Gb/s InfiniBand) when the ring crosses nodes (64 GPUs = 8 nodes of 8).
awk 'BEGIN {
  p = 30522 * 768 + 512 * 768 + 2 * 768 + 2 * 768 + 12 * (4 * 768 * 768 + 4 * 768 + 2 * 768 * 3072 + 3072 + 768 + 4 * 768) + 768 * 768 + 768
  printf "%-6s %16s %16s %14s %16s\n", "GPUs", "all-reduce MB", "all-gather MB", "at 150 GB/s", "at 12.5 GB/s"
  for (i = 0; i < 2; ++i) {
    n = i == 0 ? 8 : 64
    reduce = 2 * (n - 1) / n * 4 * p / 1e6
    gather = 2 * (n - 1) * 64 * 768 * 4 / 1e6
    printf "%-6d %16.0f %16.1f %11.1f ms %13.1f ms\n", n, reduce, gather, (reduce + gather) / 150, (reduce + gather) / 12.5
  }
}'
echo "(--zero_stage 1 moves the same gradient bytes plus an all-gather of the updated weights, 4P (N - 1) / N,"
echo " and keeps 2P / N moments per rank instead of 2P: 110 MB instead of 881 MB per GPU at N = 8.)"
