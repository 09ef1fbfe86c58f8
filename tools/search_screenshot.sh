#!/usr/bin/env bash
# search_screenshot.sh [BUILD_DIR] [QUERY] — docs/images/09-search-page.png: `simcse serve` over an
# index of ../shared/data/train/unsup_sentences.txt embedded by all-MiniLM-L6-v2 (built once into
# BUILD_DIR/search_screenshot/index, a few minutes on 2 cores; SEARCH_INDEX=DIR uses another), the
# page opened by headless Chromium with a query in its URL, and its window saved as a PNG.
set -euo pipefail
build=${1:-build}
query=${2:-Someone performs music in front of a crowd.}
cd "$(dirname "$0")/.."
shared=../shared/data
index=${SEARCH_INDEX:-$build/search_screenshot/index}
if [[ ! -f $index/index.json ]]; then
  mkdir -p "$(dirname "$index")"
  "$build/simcse" index build --model "$shared/models/all-MiniLM-L6-v2" --input "$shared/train/unsup_sentences.txt" \
    --output "$index"
fi
log=$(mktemp)
# One OpenMP thread: Chromium starts on the same cores while the page searches, and a parallel
# region waits for its slowest thread (on 2 busy cores a search measured 1 s with 2 threads, 0.3 s with one).
"$build/simcse" serve --index "$index" --port 0 --threads 1 2> "$log" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 300); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n ${port:-} ]] || { cat "$log"; exit 1; }
encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")
# One query first: the page then shows a warm server's time, not the first forward pass's.
python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \
  "http://127.0.0.1:$port/api/search?q=$encoded"
mkdir -p docs/images
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,640 --virtual-time-budget=10000 \
  --screenshot=docs/images/09-search-page.png "http://127.0.0.1:$port/?q=$encoded&top_k=8&threshold=0.5" 2> /dev/null
kill -TERM $server
wait $server
trap 'rm -f "$log"' EXIT
echo "docs/images/09-search-page.png ($(stat -c %s docs/images/09-search-page.png) bytes)"
