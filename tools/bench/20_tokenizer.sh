#!/usr/bin/env bash
# 20_tokenizer.sh BUILD_DIR — `make bench` section: tokenizer throughput, sentences/s on one thread,
# ours (tools/bench/tokenizer_bench.cc) beside Hugging Face (tools/bench/tokenizer_hf.py) on every
# sentence of the shared STS12-16 and STS-B files: BERT's WordPiece (BertTokenizerFast, with
# bert-base-uncased's vocabulary), then RoBERTa's byte-level BPE (RobertaTokenizerFast, with the
# 8,000-token vocabulary of tests/fixtures/tokenizer/bpe/).
set -uo pipefail
build=$1
shared=${SIMCSE_SHARED_DATA:-../shared/data}
sts=$shared/senteval/downstream/STS
vocab=$shared/vocab/bert-base-uncased/vocab.txt
bpe=tests/fixtures/tokenizer/bpe
batch=64 max_length=32 repeats=5

echo "## Tokenizer, sentences/s on one thread (batches of $batch, truncation to $max_length, padding to the longest)"
if [[ ! -d $sts || ! -f $vocab ]]; then
  echo "(skipped: $shared is missing; the benchmark runs on its STS sentences)"
  exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# STS12-16 inputs hold two tab-separated sentences per line; STS-B holds them in columns 6 and 7.
{ cat "$sts"/STS1[2-6]-en-test/STS.input.*.txt; cut -f6,7 "$sts"/STSBenchmark/sts-*.csv; } | tr '\t' '\n' > "$dir/sentences"

# compare NAME OURS_LABEL TOKENIZER: one table block, ours beside the Rust tokenizer.
compare() {
  local name=$1 our_label=$2 tokenizer=$3
  local ours hf sentences our_rate our_checksum backend_rate transformers_rate hf_checksum ratio
  ours=$("$build/bench/tokenizer_bench" --tokenizer "$tokenizer" --input "$dir/sentences" --batch $batch \
         --max_length $max_length --repeats $repeats) || return 1
  IFS=$'\t' read -r sentences our_rate our_checksum <<< "$ours"
  echo
  echo "### $name"
  printf '%-58s %12s\n' "tokenizer" "sentences/s"
  printf '%-58s %12s\n' "ours: $our_label (C++)" "$our_rate"
  hf=$(python3 tools/bench/tokenizer_hf.py "$tokenizer" "$dir/sentences" $batch $max_length $repeats 2>/dev/null)
  if [[ $? -ne 0 || -z $hf ]]; then
    echo "(Hugging Face not measured: pip install transformers tokenizers to compare)"
    return 0
  fi
  IFS=$'\t' read -r _ backend_rate transformers_rate hf_checksum <<< "$hf"
  printf '%-58s %12s\n' "Hugging Face: backend_tokenizer.encode_batch (Rust)" "$backend_rate"
  printf '%-58s %12s\n' "Hugging Face: tokenizer(batch, ...) (transformers)" "$transformers_rate"
  ratio=$(awk -v a="$our_rate" -v b="$backend_rate" 'BEGIN { printf "%.2f", a / b }')
  echo "ours / Rust tokenizer: ${ratio}x on $sentences sentences (best of $repeats passes each)"
  [[ $our_checksum == "$hf_checksum" ]] && echo "same ids: the sums of all ids agree ($our_checksum)" ||
    echo "WARNING: the sums of all ids differ (ours $our_checksum, Hugging Face $hf_checksum)"
}

compare "WordPiece (BERT, bert-base-uncased)" "BertTokenizer::encode_batch" "$vocab" || exit 1
compare "byte-level BPE (RoBERTa, 8,000 tokens learned on the shared corpus)" "RobertaTokenizer::encode_batch" "$bpe" || exit 1
