#!/usr/bin/env bash
# run_notebooks.sh BUILD_DIR [--report FILE] — runs every built notebook (notebooks_cpp/*.cpp) and
# writes docs/notebooks/<name>.md: the notebook's markdown cells as prose, its code cells as C++
# blocks, and what it printed. Notebooks print only computed, deterministic output, so the page
# changes only when the code or its results do. With --report, appends PASS/FAIL per notebook.
# SIMCSE_NOTEBOOK_DOCS=0 runs the notebooks without writing the pages: the sanitizer build
# (-O1) rounds floats differently in the last digits, and must not rewrite what -O3 printed.
set -uo pipefail
build=${1:-build}
report=""
[[ ${2:-} == --report ]] && report=$3
cd "$(dirname "$0")/.."
mkdir -p docs/notebooks
status=0
for source in notebooks_cpp/*.cpp; do
  name=$(basename "$source" .cpp)
  output=$(mktemp)
  if "$build/notebooks/$name" > "$output" 2>&1; then
    verdict=PASS
    if [[ ${SIMCSE_NOTEBOOK_DOCS:-1} != 0 ]]; then
      tools/render_notebook.sh "$source" "$output" > "docs/notebooks/$name.md"
      echo "notebook $name: ok ($(wc -l < "$output") lines of output -> docs/notebooks/$name.md)"
    else
      echo "notebook $name: ok ($(wc -l < "$output") lines of output; page not rewritten)"
    fi
  else
    verdict=FAIL
    status=1
    echo "notebook $name: FAILED"
    tail -n 20 "$output"
  fi
  [[ -n $report ]] && echo "$verdict notebook.$name" >> "$report"
  rm -f "$output"
done
exit $status
