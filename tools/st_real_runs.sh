#!/usr/bin/env bash
# st_real_runs.sh [BUILD_DIR] [OUT_DIR] — the real runs of chapter 10 (§10.7): the sentence-transformers
# objectives on real data, scored on STS-B dev and SICK-R dev (Spearman x 100, `simcse eval --mode dev`)
# before and after.
#   1. From ../shared/data/models/all-MiniLM-L6-v2 (domain adaptation), each run twice — `simcse train`
#      and sentence-transformers' own trainer (tools/st_fit_reference.py) with the same loss, batch,
#      learning rate 3e-5, schedule, max length 32 and number of steps, 2 threads each — with the wall
#      time and peak memory of each whole process:
#        MNRL (scale 20) over (s, s) pairs of unsup_sentences.txt, MNRL_STEPS batches of 64;
#        TSDAE (60% deletion, [CLS] pooling, tied decoder, constant rate) on the same file, TSDAE_STEPS x 64;
#        CosineSimilarityLoss on STS-B train (5,749 scored pairs, score / 5), one epoch in batches of 16.
#   2. From a random 4 x 256 BERT (tools/bert_4x256.json, learning rate 5e-4), `simcse train` only:
#      the same three objectives, RANDOM_STEPS batches of 64 for MNRL and TSDAE, one epoch for cosine.
# Every model is scored by the same evaluator (ours, equal to SentEval: chapter 5), so the two sides
# differ only in their training. Prints a Markdown table; logs and models stay in OUT_DIR.
# About 70 minutes on 2 cores with the default step counts.
set -euo pipefail
build=${1:-build}
out=${2:-$build/st_real_runs}
mnrl_steps=${MNRL_STEPS:-100}
tsdae_steps=${TSDAE_STEPS:-100}
random_steps=${RANDOM_STEPS:-300}
cd "$(dirname "$0")/.."
data=../shared/data
minilm=$data/models/all-MiniLM-L6-v2
unsup=$data/train/unsup_sentences.txt
simcse=$build/simcse
mkdir -p "$out"
export OMP_NUM_THREADS=2

# STS-B train as sentence1,sentence2,score with the 0-5 score divided by 5 (CosineSimilarityLoss's range).
python3 - "$data/senteval/downstream/STS/STSBenchmark/sts-train.csv" "$out/stsb_train.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8", newline="") as g:
    w = csv.writer(g)
    w.writerow(["sentence1", "sentence2", "score"])
    for line in f:
        cols = line.rstrip("\n").split("\t")
        w.writerow([cols[5], cols[6], float(cols[4]) / 5])
EOF
stsb_pairs=$(($(wc -l < "$out/stsb_train.csv") - 1))
cosine_steps=${COSINE_STEPS:-$((stsb_pairs / 16))}

# score NAME MODEL_DIR [--pooler P]: STS-B dev and SICK-R dev into OUT/NAME.eval.json.
score() {
  local name=$1 model=$2
  shift 2
  "$simcse" eval --model_name_or_path "$model" --task_set na --tasks STSBenchmark SICKRelatedness --mode dev \
    --senteval_dir "$data/senteval" --threads 2 --json "$out/$name.eval.json" "$@" > "$out/$name.eval.log"
}
# timed NAME COMMAND...: runs COMMAND, its wall time and peak RSS into OUT/NAME.time.
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1
}

echo "== scoring the starting points"
score minilm_mean "$minilm"
score minilm_cls "$minilm" --pooler cls_before_pooler

train_common=(--max_seq_length 32 --threads 2 --seed 42 --save_steps 0 --logging_steps 10 --overwrite_output_dir)
# run_pair NAME LOSS TRAIN_FILE STEPS BATCH [our extra flags...]: ours, then sentence-transformers'.
run_pair() {
  local name=$1 loss=$2 file=$3 steps=$4 batch=$5
  shift 5
  local pooling=""
  if [ "$loss" = tsdae ]; then pooling=cls; fi
  echo "== all-MiniLM-L6-v2, $loss, $steps steps of $batch: simcse train"
  timed "ours_$name" "$simcse" train --model_name_or_path "$minilm" --train_file "$file" --loss "$loss" \
    --per_device_train_batch_size "$batch" --max_steps "$steps" --learning_rate 3e-5 "${train_common[@]}" \
    --output_dir "$out/ours_$name" "$@"
  score "ours_$name" "$out/ours_$name"
  echo "== all-MiniLM-L6-v2, $loss, $steps steps of $batch: sentence-transformers"
  timed "st_$name" python3 tools/st_fit_reference.py --model "$minilm" --loss "$loss" --train_file "$file" \
    --steps "$steps" --batch "$batch" --lr 3e-5 --threads 2 --output_dir "$out/st_$name" ${pooling:+--pooling $pooling}
  score "st_$name" "$out/st_$name"
}
run_pair mnrl mnrl "$unsup" "$mnrl_steps" 64 --scale 20
run_pair tsdae tsdae "$unsup" "$tsdae_steps" 64 --pooling_mode cls --deletion_ratio 0.6 --lr_scheduler_type constant
run_pair cosine cosine_mse "$out/stsb_train.csv" "$cosine_steps" 16

# The random start's scores are the trainer's own evaluation at step 0 (training_log.jsonl): the same
# STS-B dev and SICK-R dev Spearman as `simcse eval --mode dev`.
random_common=(--config_name tools/bert_4x256.json --tokenizer_name "$data/vocab/bert-base-uncased/vocab.txt"
               --learning_rate 5e-4 --evaluation_strategy steps --senteval_dir "$data/senteval" "${train_common[@]}")
for run in "mnrl $unsup $random_steps 64 --pooling_mode mean" \
           "tsdae $unsup $random_steps 64 --pooling_mode cls --lr_scheduler_type constant" \
           "cosine_mse $out/stsb_train.csv $cosine_steps 16 --pooling_mode mean"; do
  read -r loss file steps batch flags <<< "$run"
  echo "== random 4 x 256 BERT, $loss, $steps steps of $batch: simcse train"
  # shellcheck disable=SC2086
  timed "random_$loss" "$simcse" train "${random_common[@]}" --train_file "$file" --loss "$loss" \
    --per_device_train_batch_size "$batch" --max_steps "$steps" --eval_steps "$steps" \
    --output_dir "$out/random_$loss" $flags
  score "random_$loss" "$out/random_$loss"
done

python3 - "$out" <<'EOF'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
def cells(name):
    return json.load(open(out / f"{name}.eval.json"))["tables"][0]["cells"]
def before_training(name):  # the trainer's evaluation at step 0
    for line in open(out / name / "training_log.jsonl"):
        record = json.loads(line)
        if record.get("step") == 0 and "eval_stsb_spearman" in record:
            return [f"{100 * record['eval_stsb_spearman']:.2f}", f"{100 * record['eval_sickr_spearman']:.2f}"]
def cost(name):
    wall, rss_kib = open(out / f"{name}.time").read().split()
    return f"{float(wall):.0f} s, {int(rss_kib) / 1024 ** 2:.2f} GB"
print("| start | objective | before (STS-B / SICK-R) | ours after | ours wall, peak RSS | sentence-transformers after | its wall, peak RSS |")
print("|---|---|---|---|---|---|---|")
for name, label, before in [("mnrl", "MNRL", "minilm_mean"), ("tsdae", "TSDAE ([CLS])", "minilm_cls"),
                            ("cosine", "CosineSimilarityLoss", "minilm_mean")]:
    print(f"| all-MiniLM-L6-v2 | {label} | {' / '.join(cells(before))} | {' / '.join(cells('ours_' + name))} | "
          f"{cost('ours_' + name)} | {' / '.join(cells('st_' + name))} | {cost('st_' + name)} |")
for name, label in [("mnrl", "MNRL"), ("tsdae", "TSDAE ([CLS])"), ("cosine_mse", "CosineSimilarityLoss")]:
    print(f"| random 4 x 256 | {label} | {' / '.join(before_training('random_' + name))} | {' / '.join(cells('random_' + name))} | {cost('random_' + name)} | — | — |")
EOF
