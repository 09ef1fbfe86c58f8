#!/usr/bin/env python3
"""st_fit_reference.py — one training run through sentence-transformers' own trainer
(SentenceTransformerTrainer, what `fit` calls), the reference side of tools/st_real_runs.sh.

    python3 tools/st_fit_reference.py --model DIR --loss mnrl|cosine_mse|tsdae --train_file F \
        --output_dir OUT [--steps N] [--batch B] [--lr 3e-5] [--max_seq_length 32] [--pooling cls] \
        [--threads 2] [--seed 42]

The settings are those `simcse train` gets in the same script: AdamW at --lr, no warm-up, no weight
decay, gradient norm clipped at 1, the linear schedule (TSDAE: constant, as its paper trains),
--steps batches of --batch drawn in a seeded shuffle. Data:
  mnrl        a .txt of sentences, trained as (s, s) pairs (unsupervised SimCSE as sentence-transformers
              writes it), MultipleNegativesRankingLoss(scale 20);
  cosine_mse  a .csv with a header and sentence1,sentence2,score rows, the score already in [0, 1],
              CosineSimilarityLoss;
  tsdae       a .txt of sentences; each becomes (damaged, original) with 60% of its words deleted (the
              words of BERT's basic tokenizer, joined by spaces: nltk's punkt tables, which
              DenoisingAutoEncoderDataset uses, cannot be downloaded here), DenoisingAutoEncoderLoss
              with the decoder tied to the encoder.
The model is saved to --output_dir as a sentence-transformers directory, which `simcse eval` reads.
"""
import argparse
import csv
import random

import torch
from datasets import Dataset
from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer, SentenceTransformerTrainingArguments
from sentence_transformers.sentence_transformer import losses, modules
from tokenizers.normalizers import BertNormalizer
from tokenizers.pre_tokenizers import BertPreTokenizer

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--loss", required=True, choices=["mnrl", "cosine_mse", "tsdae"])
parser.add_argument("--train_file", required=True)
parser.add_argument("--output_dir", required=True)
parser.add_argument("--steps", type=int, default=100)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--lr", type=float, default=3e-5)
parser.add_argument("--max_seq_length", type=int, default=32)
parser.add_argument("--pooling", default="", help="a Pooling mode replacing the model's (TSDAE: cls)")
parser.add_argument("--deletion_ratio", type=float, default=0.6)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

torch.set_num_threads(args.threads)
random.seed(args.seed)

if args.pooling:  # the model's Transformer module with a Pooling of our choice
    transformer = modules.Transformer(args.model, max_seq_length=args.max_seq_length)
    pooling = modules.Pooling(transformer.get_word_embedding_dimension(), pooling_mode=args.pooling)
    model = SentenceTransformer(modules=[transformer, pooling], device="cpu")
else:
    model = SentenceTransformer(args.model, device="cpu")
    model.max_seq_length = args.max_seq_length


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def delete_words(sentence, words_of):
    # DenoisingAutoEncoderDataset.delete: keep each word with probability 1 - ratio, at least one.
    words = words_of(sentence)
    if not words:
        return sentence
    keep = [random.random() > args.deletion_ratio for _ in words]
    if not any(keep):
        keep[random.randrange(len(words))] = True
    return " ".join(w for w, k in zip(words, keep) if k)


if args.loss == "mnrl":
    sentences = read_lines(args.train_file)
    data = Dataset.from_dict({"anchor": sentences, "positive": sentences})
    loss = losses.MultipleNegativesRankingLoss(model, scale=20.0)
elif args.loss == "cosine_mse":
    with open(args.train_file, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    data = Dataset.from_dict({"sentence1": [r[0] for r in rows], "sentence2": [r[1] for r in rows],
                              "score": [float(r[2]) for r in rows]})
    loss = losses.CosineSimilarityLoss(model)
else:
    sentences = read_lines(args.train_file)
    normalizer, pre_tokenizer = BertNormalizer(lowercase=True), BertPreTokenizer()

    def words_of(sentence):  # BERT's basic tokenizer: cleaned, lower-cased, split at spaces and punctuation
        return [word for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(sentence))]

    damaged = [delete_words(s, words_of) for s in sentences]
    data = Dataset.from_dict({"damaged": damaged, "original": sentences})
    loss = losses.DenoisingAutoEncoderLoss(model, decoder_name_or_path=args.model, tie_encoder_decoder=True)

training_args = SentenceTransformerTrainingArguments(
    output_dir=args.output_dir + ".trainer", max_steps=args.steps, per_device_train_batch_size=args.batch,
    learning_rate=args.lr, warmup_steps=0, weight_decay=0.0, max_grad_norm=1.0,
    lr_scheduler_type="constant" if args.loss == "tsdae" else "linear", seed=args.seed, data_seed=args.seed,
    save_strategy="no", logging_steps=max(1, args.steps // 10), report_to="none", use_cpu=True,
    dataloader_drop_last=True, disable_tqdm=True)
SentenceTransformerTrainer(model=model, args=training_args, train_dataset=data, loss=loss).train()
model.save(args.output_dir)
