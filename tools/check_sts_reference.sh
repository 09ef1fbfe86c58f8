#!/usr/bin/env bash
# check_sts_reference.sh [BUILD_DIR] — the reference check of the STS evaluation on a real (small,
# random) BERT: `simcse eval` must give the same seven numbers as tools/sts_reference.py (numpy +
# scipy, SentEval-style) over the very same float32 embeddings, to 1e-6.
#
#   1. a random 2-layer BERT with the bert-base-uncased vocabulary (transformers, fixed seed);
#   2. `simcse eval --dump_sentences`: the distinct sentences of the seven STS tasks;
#   3. `simcse encode`: their embeddings (.npy);
#   4. `simcse eval --sentences --embeddings` and `tools/sts_reference.py` score that file;
#   5. `simcse eval --model_name_or_path` embeds on its own (other batches, so other float
#      rounding) and is compared too.
# Needs python3 with torch, transformers, numpy, scipy, and ../shared/data. Prints the largest
# difference and exits non-zero above 1e-6.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
data=../shared/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/model" "$data/vocab/bert-base-uncased/vocab.txt" <<'PY'
import shutil, sys
import torch
from transformers import BertConfig, BertModel
out, vocab = sys.argv[1], sys.argv[2]
torch.manual_seed(2021)
config = BertConfig(vocab_size=30522, hidden_size=128, num_hidden_layers=2, num_attention_heads=2,
                    intermediate_size=256, max_position_embeddings=512)
BertModel(config).save_pretrained(out)
shutil.copy(vocab, f"{out}/vocab.txt")
PY

"$build/simcse" eval --task_set sts --dump_sentences "$work/sentences.txt"
"$build/simcse" encode --model_name_or_path "$work/model" --pooler cls_before_pooler \
    --input "$work/sentences.txt" --output "$work/embeddings.npy"
"$build/simcse" eval --sentences "$work/sentences.txt" --embeddings "$work/embeddings.npy" \
    --task_set sts --json "$work/stored.json" > /dev/null
python3 tools/sts_reference.py --sentences "$work/sentences.txt" --embeddings "$work/embeddings.npy" \
    --json "$work/reference.json"
/usr/bin/time -f "simcse eval (embedding included): %e s" \
    "$build/simcse" eval --model_name_or_path "$work/model" --pooler cls_before_pooler \
    --task_set sts --json "$work/direct.json"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
ours, direct, ref = (json.load(open(f"{work}/{name}.json")) for name in ("stored", "direct", "reference"))
def numbers(doc):
    for task, result in doc["tasks"].items():
        for setting in ("all", "mean", "wmean"):
            for kind in ("pearson", "spearman"):
                yield f"{task} {setting} {kind}", result[setting][kind]
        for name, subset in result["datasets"].items():
            for kind in ("pearson", "spearman"):
                yield f"{task}/{name} {kind}", subset[kind]
reference = dict(numbers(ref))
stored = max(abs(v - reference[k]) for k, v in numbers(ours))
embedded = max(abs(v - reference[k]) for k, v in numbers(direct))
print(f"same .npy, simcse eval vs numpy+scipy reference: largest difference {stored:.3g}")
print(f"simcse eval embedding on its own vs the reference: largest difference {embedded:.3g}")
sys.exit(0 if stored <= 1e-6 else 1)
PY
