#!/usr/bin/env bash
# run_fuzzers.sh BUILD_DIR SECONDS [--report FILE] — runs every libFuzzer target in BUILD_DIR/fuzz/:
# first it replays the target's regression inputs (tests/fuzz/regressions/<target>/: inputs that once
# crashed it), then it fuzzes for SECONDS from a corpus seeded with the files below (kept between
# runs in BUILD_DIR/fuzz/corpus/<target>/). One line per target and step, PASS or FAIL, goes to
# the report when given (tests/run_all.sh totals them). A crashing input is saved in
# BUILD_DIR/fuzz/crashes/<target>/: add it to tests/fuzz/regressions/<target>/ with the fix.
set -uo pipefail
build=${1:?usage: run_fuzzers.sh BUILD_DIR SECONDS [--report FILE]}
seconds=${2:?usage: run_fuzzers.sh BUILD_DIR SECONDS [--report FILE]}
report=/dev/null
[[ ${3:-} == --report ]] && report=${4:?--report needs a file}
cd "$(dirname "$0")/../.."

# Seeds: files from the test fixtures, and tests/fuzz/seeds/<target>/ for formats they lack.
seeds_for() {
  case $1 in
    safetensors) ls tests/fixtures/encoder/*/model.safetensors tests/fixtures/safetensors_rules/*.safetensors ;;
    pytorch_bin) ls tests/fixtures/encoder/*/pytorch_model.bin tests/fixtures/encoder/malformed/*.bin ;;
    json_config) ls tests/fixtures/encoder/*/config.json tests/fixtures/encoder/*/tokenizer_config.json \
                    tests/fixtures/encoder/*/special_tokens_map.json tests/fixtures/training/model/config.json \
                    tiny_data/bert_config.json ;;
    vocab) ls tests/fixtures/encoder/vocab.txt tests/fixtures/training/model/vocab.txt ;;
    model_files) ls tests/fixtures/sentence_transformers/cls/tokenizer.json tests/fixtures/sentence_transformers/*/modules.json \
                    tests/fixtures/sentence_transformers/*/[12]_*/config.json ;;
  esac
  [[ -d tests/fuzz/seeds/$1 ]] && ls -d tests/fuzz/seeds/"$1"/*
}

# ASan: a leak is a failure too; UBSan: stop at the first report, with a stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for binary in "$build"/fuzz/fuzz_*; do
  [[ -x $binary ]] || continue
  target=${binary##*/fuzz_}
  regressions=tests/fuzz/regressions/$target
  if compgen -G "$regressions/*" > /dev/null; then
    if "$binary" -runs=1 "$regressions"/* > "$build/fuzz/$target.replay.log" 2>&1; then
      echo "fuzz $target: $(ls "$regressions" | wc -l) regression inputs replayed"
      echo "PASS fuzz regressions $target" >> "$report"
    else
      tail -30 "$build/fuzz/$target.replay.log"
      echo "FAIL fuzz regressions $target (log: $build/fuzz/$target.replay.log)" >> "$report"
      status=1
    fi
  fi

  corpus=$build/fuzz/corpus/$target crashes=$build/fuzz/crashes/$target
  mkdir -p "$corpus" "$crashes"
  while read -r seed; do cp -f "$seed" "$corpus/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"; done \
    < <(seeds_for "$target")
  log=$build/fuzz/$target.log
  # -rss_limit_mb: a reader that allocates without bound fails here rather than taking the machine.
  # -max_len: libFuzzer's default (4 KB, or the largest seed) could never write a .npy header of
  # 64 KB, the size where std::regex once overflowed the stack.
  max_len=()
  [[ $target == npy ]] && max_len=(-max_len=70000)
  "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 "${max_len[@]}" \
    -artifact_prefix="$crashes/" "$corpus" > "$log" 2>&1
  result=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if [[ $result -eq 0 ]]; then
    echo "fuzz $target: ${runs:-?} runs in ${seconds}s, ${coverage:-no coverage line}, corpus $(ls "$corpus" | wc -l) inputs"
    echo "PASS fuzz $target" >> "$report"
  else
    grep -E 'ERROR|SUMMARY|==[0-9]+==|runtime error|Test unit written' "$log" | head -20
    echo "FAIL fuzz $target (crash input in $crashes/, log: $log)" >> "$report"
    status=1
  fi
done
exit $status
