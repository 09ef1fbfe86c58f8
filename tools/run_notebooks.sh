#!/usr/bin/env bash
# run_notebooks.sh BUILD_DIR write|check [--report FILE] — runs every built notebook
# (notebooks_cpp/*.cpp; a new one needs no edit here) and renders its page with
# tools/render_notebook.sh: the markdown cells as prose, each code cell with its output under it.
#   write   writes docs/notebooks/<name>.md (`make notebooks`);
#   check   compares the rendered page with the committed one and fails on any difference
#           (decimal numbers may differ by one unit in their last printed digit: tools/same_page.awk
#           says why), showing the start of the diff (`make test`, which never rewrites a tracked file).
# Notebooks print only computed, deterministic output, so a page changes only when the code or its
# results do. SIMCSE_NOTEBOOK_DOCS=0 runs the notebooks (their claims still checked) but neither
# writes nor compares pages: the sanitizer build (-O1) rounds floats differently in the last
# digits, so only the optimised build's output is what the pages hold.
# A notebook that exits with status 77 needs ../shared/data and did not find it: SKIP (FAIL under CI).
# With --report, appends PASS/FAIL lines: notebook.<name> (it ran and its claims held) and, when
# compared, notebook_page.<name> (its page is up to date).
set -uo pipefail
build=${1:-build}
mode=${2:-}
report=/dev/null
[[ ${3:-} == --report ]] && report=$4
if [[ $mode != write && $mode != check ]]; then
  echo "usage: $0 BUILD_DIR write|check [--report FILE]" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
pages=${SIMCSE_NOTEBOOK_DOCS:-1}
output=$(mktemp)
page=$(mktemp)
trap 'rm -f "$output" "$page"' EXIT
status=0
for source in notebooks_cpp/*.cpp; do
  name=$(basename "$source" .cpp)
  committed=docs/notebooks/$name.md
  "$build/notebooks/$name" > "$output" 2>&1
  code=$?
  # Exit status 77: the notebook needs ../shared/data, which is missing: skipped, unless CI is set.
  if [[ $code == 77 && -z ${CI:-} ]]; then
    echo "notebook $name: skipped ($(tail -n 1 "$output"))"
    echo "SKIP notebook.$name" >> "$report"
    continue
  fi
  if [[ $code != 0 ]]; then
    echo "notebook $name: FAILED"
    tail -n 20 "$output"
    echo "FAIL notebook.$name" >> "$report"
    status=1
    continue
  fi
  echo "PASS notebook.$name" >> "$report"
  if [[ $pages == 0 ]]; then
    echo "notebook $name: ok (page neither written nor compared in this build: it rounds differently)"
    continue
  fi
  if ! tools/render_notebook.sh "$source" "$output" > "$page"; then
    echo "notebook $name: FAILED to render"
    echo "FAIL notebook_page.$name" >> "$report"
    status=1
  elif [[ $mode == write ]]; then
    mkdir -p docs/notebooks
    cp "$page" "$committed"
    echo "notebook $name: ok -> $committed"
  elif [[ -f $committed ]] && awk -f tools/same_page.awk "$committed" "$page" > /dev/null; then
    echo "notebook $name: ok, $committed is up to date"
    echo "PASS notebook_page.$name" >> "$report"
  else
    [[ -f $committed ]] && problem="is stale" || problem="is missing"
    echo "notebook $name: $committed $problem; the first differences:"
    diff -u --label "$committed (committed)" --label "$committed (this build)" "$committed" "$page" 2>&1 | head -n 30
    echo "  -> run \`make notebooks\` and commit $committed"
    echo "FAIL notebook_page.$name" >> "$report"
    status=1
  fi
done
exit $status
