#!/usr/bin/env bash
# real_runs.sh [BUILD_DIR] [OUT_DIR] — the two small real runs of chapter 4 (§4.6): unsupervised
# SimCSE on ../shared/data/train/unsup_sentences.txt (28,219 sentences, 1 epoch) and supervised
# SimCSE on ../shared/data/train/snli_dev_triplets.csv (2,943 triplets, 3 epochs), each from the
# same randomly initialised 4-layer, 256-wide BERT over bert-base-uncased's vocabulary (no
# pre-trained weights ship with the shared data), evaluated on STS-B dev and SICK-R dev before,
# during and after training. Each run prints simcse train's before/after table; the logs, the
# run records and the models stay in OUT_DIR. About 25 minutes on 2 cores.
set -euo pipefail
build=${1:-build}
out=${2:-$build/real_runs}
data=../shared/data
cd "$(dirname "$0")/.."
mkdir -p "$out"

# Shared by both runs: BERT's shape scaled down (tools/bert_4x256.json: 4 x 256, 4 heads, 1024),
# what a 2-core CPU trains in minutes; SimCSE's flags; the avg pooler, because a random BERT's [CLS] is nearly the
# same vector for every sentence (chapter 4, §4.5); a learning rate for training from scratch.
common=(--config_name tools/bert_4x256.json --tokenizer_name "$data/vocab/bert-base-uncased/vocab.txt"
        --per_device_train_batch_size 64 --max_seq_length 32 --learning_rate 5e-4 --pooler_type avg
        --temp 0.05 --evaluation_strategy steps --metric_for_best_model stsb_spearman
        --senteval_dir "$data/senteval" --logging_steps 10 --save_steps 0 --seed 42 --overwrite_output_dir)

echo "== unsupervised SimCSE: $data/train/unsup_sentences.txt, 1 epoch"
/usr/bin/time -f "wall %e s, peak RSS %M KiB" "$build/simcse" train "${common[@]}" \
  --train_file "$data/train/unsup_sentences.txt" --num_train_epochs 1 --eval_steps 150 \
  --output_dir "$out/unsup"

echo "== supervised SimCSE: $data/train/snli_dev_triplets.csv (hard negatives), 3 epochs"
/usr/bin/time -f "wall %e s, peak RSS %M KiB" "$build/simcse" train "${common[@]}" \
  --train_file "$data/train/snli_dev_triplets.csv" --num_train_epochs 3 --eval_steps 46 \
  --output_dir "$out/sup"

for run in unsup sup; do
  echo "$run: last logged training throughput $(grep sentences_per_second "$out/$run/training_log.jsonl" | tail -1)"
done
