#!/usr/bin/env bash
# 60_search.sh BUILD_DIR — `make bench` section: search speed at 10k, 28k (the whole real corpus),
# 100k and 1M vectors (BENCH_SEARCH_SIZES overrides): exact search through our GEMM, FAISS
# IndexFlatIP and IndexIVFFlat (100 cells, 10 probed: SimCSE's tool's faiss_fast), next to
# sentence-transformers' util.semantic_search and SimCSE's tool's numpy path in the same run
# (tools/bench/search_bench.cc, tools/bench/search_python.py). The vectors are all-MiniLM-L6-v2's
# of ../shared/data/train/unsup_sentences.txt (28,219 sentences), random unit vectors beyond; the
# queries are its embeddings of the first 1,000 STS-B test sentences (not in the corpus). Without
# the shared data, random unit vectors throughout (and the recall column means little).
# The corpus embedding takes minutes on 2 cores; it is kept in BUILD/search_bench/ for later runs.
set -uo pipefail
build=$1
sizes=${BENCH_SEARCH_SIZES:-10000 28219 100000 1000000}
threads=$(nproc)
cache=$build/search_bench
mkdir -p "$cache"
shared=../shared/data
model=$shared/models/all-MiniLM-L6-v2

if [[ -d $model && -f $shared/train/unsup_sentences.txt ]]; then
  source="all-MiniLM-L6-v2 vectors of the shared corpus (28,219), random unit vectors beyond"
  if [[ ! -f $cache/corpus.npy ]]; then
    echo "(embedding the shared corpus with all-MiniLM-L6-v2 once, into $cache/: a few minutes)"
    "$build/simcse" encode --model_name_or_path "$model" --input "$shared/train/unsup_sentences.txt" --normalize \
      --output "$cache/corpus.npy" 2> "$cache/encode.log" || { cat "$cache/encode.log"; exit 1; }
  fi
  if [[ ! -f $cache/queries.npy ]]; then
    cut -f6 "$shared/senteval/downstream/STS/STSBenchmark/sts-test.csv" | head -1000 > "$cache/queries.txt"
    "$build/simcse" encode --model_name_or_path "$model" --input "$cache/queries.txt" --normalize \
      --output "$cache/queries.npy" 2> "$cache/encode.log" || { cat "$cache/encode.log"; exit 1; }
  fi
  corpus=$cache/corpus.npy queries=$cache/queries.npy
else
  source="random unit vectors (../shared/data is absent)"
  python3 -c "
import numpy as np
r = np.random.default_rng(5)
for name, n in (('corpus', 10000), ('queries', 1000)):
    x = r.standard_normal((n, 384)).astype(np.float32)
    np.save('$cache/random_' + name + '.npy', x / np.linalg.norm(x, axis=1, keepdims=True))" || exit 1
  corpus=$cache/random_corpus.npy queries=$cache/random_queries.npy
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
has_python=1
for size in $sizes; do
  single=$([[ $size -ge 1000000 ]] && echo 50 || echo 200)
  "$build/bench/search_bench" --corpus "$corpus" --queries "$queries" --size "$size" --single "$single" \
    --threads "$threads" >> "$rows" || exit 1
  if [[ $has_python == 1 ]]; then
    python3 tools/bench/search_python.py "$corpus" "$queries" "$size" "$single" "$threads" >> "$rows" 2>/dev/null || has_python=0
  fi
done

echo "## Search: 1,000 queries, top 10, float32, $threads threads"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1); load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $source"
printf '%-22s %9s %9s %11s %10s %10s %10s\n' "engine" "vectors" "build s" "batch q/s" "p50 ms" "p99 ms" "recall@10"
while IFS=$'\t' read -r kind size build_s qps p50 p99 recall; do
  printf '%-22s %9s %9s %11s %10s %10s %10s\n' "$kind" "$size" "$build_s" "$qps" "$p50" "$p99" "$recall"
done < "$rows"
[[ $has_python == 1 ]] || echo "(sentence-transformers, torch or scikit-learn is missing: no Python rows)"
echo "batch q/s: all 1,000 queries in one call (the tool numpy row: one at a time, as the tool loops);"
echo "p50/p99: one query per call (200 calls, 50 at 1M); recall@10: the share of exact search's top 10 found."
echo "exact = this project's GEMM (src/search/exact_index.cc); faiss_ivf = 100 cells, 10 probed."
