#!/usr/bin/env bash
# run_all.sh BUILD_DIR — runs every check `make test` owns and totals them in one last line,
# "N passed, M failed": each unit test (GoogleTest binaries report through $SIMCSE_TEST_REPORT),
# each `gradcheck <op> ... OK|FAIL` line, each notebook run and each notebook page compared. A
# binary that crashes counts as a failure even if it reported nothing. Exits non-zero if anything
# failed.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
report=$(mktemp)
trap 'rm -f "$report"' EXIT

section() { printf '\n==== %s ====\n' "$1"; }

# tests/cuda/: the CUDA backend on its device (the CPU emulator unless built with CUDA=1);
# tests/cuda_emulator/: the emulator itself.
for binary in "$build"/tests/test_* "$build"/tests/double/test_* "$build"/tests/cuda/test_* \
              "$build"/tests/cuda_emulator/test_*; do
  [[ -x $binary ]] || continue
  section "$(basename "$binary")"
  failures_before=$(grep -c '^FAIL' "$report")
  if ! SIMCSE_TEST_REPORT=$report "$binary"; then
    # A crash reports no FAIL line for the test that crashed: then count the binary itself.
    if [[ $(grep -c '^FAIL' "$report") -eq $failures_before ]]; then
      echo "FAIL $(basename "$binary") (exited with an error before reporting a failure)" >> "$report"
    fi
  fi
done

# Each "gradcheck <op> ... OK|FAIL" line of a gradient-check binary counts as one check.
run_gradcheck() {
  local binary=$1 name=$2 log
  log=$(mktemp)
  if ! "$binary" | tee "$log"; then
    grep -q ' FAIL$' "$log" || echo "FAIL $name (crashed)" >> "$report"
  fi
  grep -E '^gradcheck .* OK$' "$log" | sed 's/^/PASS /' >> "$report"
  grep -E '^gradcheck .* FAIL$' "$log" | sed 's/^/FAIL /' >> "$report"
  rm -f "$log"
}

section "gradcheck (double precision)"
run_gradcheck "$build"/tests/gradcheck gradcheck

section "gradcheck on the cuda device (double precision)"
run_gradcheck "$build"/tests/cuda/gradcheck "cuda gradcheck"

# `make install` into a scratch prefix, and a program built against the installed copy with pkg-config.
section "make install + a program built with pkg-config"
tests/install/check_install.sh "$build" --report "$report"

# Each notebook runs (its claims checked) and its rendered page is compared with the committed one
# in docs/notebooks/; nothing is rewritten (`make notebooks` writes the pages).
section "notebooks"
tools/run_notebooks.sh "$build" check --report "$report"

# Fuzzing (tests/fuzz/): each libFuzzer target, built by `make test` except under SAN=1, replays its
# regression inputs and then fuzzes for SIMCSE_FUZZ_SECONDS (default 6) under ASan + UBSan: one
# PASS/FAIL line per target and step. `make fuzz FUZZ_SECONDS=N` is the longer run.
if compgen -G "$build/fuzz/fuzz_*" > /dev/null; then
  section "fuzzing (short run)"
  tests/fuzz/run_fuzzers.sh "$build" "${SIMCSE_FUZZ_SECONDS:-6}" --report "$report"
fi

skipped=$(grep -c '^SKIP' "$report")
passed=$(grep -c '^PASS' "$report")
failed=$(grep -c '^FAIL' "$report")
echo
if [[ $failed -gt 0 ]]; then
  echo "Failed:"
  grep '^FAIL' "$report" | sed 's/^FAIL /  /'
fi
[[ $skipped -gt 0 ]] && echo "($skipped skipped: they need ../shared/data, or two GPUs and make CUDA=1; each says why above)"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
