#!/usr/bin/env bash
# 10_gemm.sh BUILD_DIR — `make bench` section: float32 GEMM GFLOP/s at BERT-base's shapes
# (batch 64 x 32 tokens) for each CPU implementation, torch.matmul beside them, and the peak.
set -uo pipefail
build=$1
bench=$build/bench/gemm_bench
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$bench" --impl eigen > "$dir/eigen"
"$bench" --impl openblas > "$dir/openblas"
# OpenBLAS picks its kernels when it loads, from OPENBLAS_CORETYPE (these machines set Haswell for
# safety). This one command unsets it, to show what OpenBLAS's own choice (SkylakeX here) gives.
env -u OPENBLAS_CORETYPE "$bench" --impl openblas > "$dir/openblas_native"
if python3 tools/bench/gemm_torch.py > "$dir/torch" 2>/dev/null; then has_torch=1; else has_torch=0; fi
"$bench" --peak > "$dir/peak"

echo "## GEMM, float32, GFLOP/s (best of 10, $(nproc) threads), one BERT-base layer at batch 64 x 32 tokens"
echo "default implementation (src/backend/cpu/matmul.cc): ${SIMCSE_GEMM:-eigen}; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}"
printf '%-42s %8s %10s %12s %8s %10s\n' "shape (m x k x n)" "Eigen" "OpenBLAS" "OpenBLAS*" "torch" "Eigen/torch"
paste "$dir/eigen" "$dir/openblas" "$dir/openblas_native" | while IFS=$'\t' read -r name eigen _ openblas _ native; do
  torch=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$dir/torch" 2>/dev/null)
  if [[ $has_torch == 1 && -n $torch ]]; then
    ratio=$(awk -v a="$eigen" -v b="$torch" 'BEGIN { printf "%.2f", a / b }')
  else
    torch="n/a"; ratio="n/a"
  fi
  printf '%-42s %8s %10s %12s %8s %10s\n' "$name" "$eigen" "$openblas" "$native" "$torch" "$ratio"
done
[[ $has_torch == 1 ]] || echo "(torch is not installed: pip install torch to fill the torch column)"
echo "OpenBLAS  = with OPENBLAS_CORETYPE as set in this environment; OpenBLAS* = the same library with"
echo "            OPENBLAS_CORETYPE unset for this one command, so it picks its own kernels."
mhz=$(awk -F: '/^cpu MHz/ { printf "%d", $2; exit }' /proc/cpuinfo)
lanes=8; grep -q avx512f /proc/cpuinfo && lanes=16
nominal=$(awk -v c="$(nproc)" -v m="$mhz" -v l="$lanes" 'BEGIN { printf "%.1f", c * m / 1000 * 2 * l * 2 }')
measured=$(cut -f2 "$dir/peak")
echo "peak, nominal:  $nominal GFLOP/s = $(nproc) cores x ${mhz} MHz (/proc/cpuinfo, the base clock) x 2 FMA units"
echo "                x $lanes fp32 lanes x 2 flops per FMA (assumes two ${lanes}-lane FMA pipes per core)"
echo "peak, measured: $measured GFLOP/s = 12 independent FMA chains per core on every core"
echo "                (tools/bench/gemm_bench.cc --peak); above nominal when cores boost past the base clock"
