#!/usr/bin/env bash
# bench.sh BUILD_DIR — `make bench`: runs each section script tools/bench/*.sh in name order.
# Every section prints its own table, with the PyTorch / Hugging Face equivalent measured on the same
# machine in the same run and the ratio between them (or a note when the Python packages are missing).
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
echo "make bench on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
status=0
for section in tools/bench/*.sh; do
  echo
  bash "$section" "$build" || { echo "bench section $section failed"; status=1; }
done
exit $status
