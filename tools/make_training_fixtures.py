#!/usr/bin/env python3
"""make_training_fixtures.py — PyTorch reference for SimCSE's training objective, for
tests/test_training_parity.cc.

A small random BERT (tiny_data's vocabulary, dropout 0 so the forward is deterministic) with
SimCSE's heads built as simcse/models.py builds them (MLP over [CLS]; a fresh BertLMPredictionHead
whose decoder is its own matrix, not the word embeddings: BertForCL does not override
get_output_embeddings, so transformers' tie_weights ties nothing) computes the loss of
princeton-nlp/SimCSE's cl_forward on one batch in three settings, and the gradient of every
parameter:

  unsup   pooler cls + MLP, each sentence twice (the two views)
  sup     pooler cls + MLP, (sentence, positive, hard negative) triplets, hard_negative_weight 0.5
  mlm     pooler avg, each sentence twice, plus 0.1 x the MLM loss on a fixed corruption

Conditioning. With transformers' default initializer_range 0.02, a random BERT gives nearly the
same [CLS] vector for every sentence; the cosines are then all ~0.999 and their gradients come from
differences of nearly equal numbers, so even float32 PyTorch is 4e-3 away from float64 PyTorch and
no float32 comparison at 1e-5 means anything. With initializer_range 0.3 the sentence vectors
differ and float32 PyTorch agrees with float64 PyTorch to < 1e-5 (printed below as a check). The
reference values are computed in float64 from the float32 weights that are saved.

Writes tests/fixtures/training/: model/ (config.json, model.safetensors, vocab.txt: the encoder),
heads.safetensors (mlp.*, lm_head.*), and per setting <name>.json (batch, loss) and
<name>_grads.safetensors.

With --roberta the same for SimCSE's RobertaForCL, into tests/fixtures/roberta/training/: a random
RobertaModel (tools/make_roberta_fixtures.py's byte-level BPE, vocab.json + merges.txt in model/,
pad_token_id 1, one token type, layer_norm_eps 1e-5) and a RobertaLMHead (lm_head.dense,
lm_head.layer_norm, decoder, bias; its GELU is always the erf form, so the encoder here uses
gelu_new to tell the two apart), its decoder bias linked to lm_head.bias as in transformers 4.2.1.

    python3 tools/make_training_fixtures.py [--roberta]
"""
import json
import pathlib
import shutil
import sys

import torch
import torch.nn as nn
from safetensors.torch import save_file
from transformers import (BertConfig, BertModel, BertTokenizerFast, RobertaConfig, RobertaModel,
                          RobertaTokenizerFast)
from transformers.models.bert.modeling_bert import BertLMPredictionHead
from transformers.models.roberta.modeling_roberta import RobertaLMHead

roberta = "--roberta" in sys.argv[1:]
root = pathlib.Path(__file__).resolve().parent.parent
out = root / ("tests/fixtures/roberta/training" if roberta else "tests/fixtures/training")
torch.manual_seed(20210416)

sizes = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48, hidden_dropout_prob=0.0,
             attention_probs_dropout_prob=0.0, initializer_range=0.3)
if roberta:
    bpe = root / "tests/fixtures/roberta/tokenizer"
    tokenizer_files = [bpe / "vocab.json", bpe / "merges.txt"]
    tokenizer = RobertaTokenizerFast(*map(str, tokenizer_files))
    vocab_size = len(tokenizer)
    config = RobertaConfig(vocab_size=vocab_size, max_position_embeddings=66, hidden_act="gelu_new", pad_token_id=1,
                           bos_token_id=0, eos_token_id=2, type_vocab_size=1, layer_norm_eps=1e-5, **sizes)
    bert = RobertaModel(config, add_pooling_layer=False).eval()  # eval(): no dropout anywhere
    mlp = nn.Linear(32, 32)
    lm_head = RobertaLMHead(config)
    lm_dense = lm_head.dense
    lm_transform = [("lm_head.dense.", lm_head.dense), ("lm_head.layer_norm.", lm_head.layer_norm)]
else:
    vocab_file = root / "tiny_data/vocab.txt"
    tokenizer_files = [vocab_file]
    tokenizer = BertTokenizerFast(str(vocab_file), do_lower_case=True)
    vocab_size = sum(1 for _ in open(vocab_file, encoding="utf-8"))
    config = BertConfig(vocab_size=vocab_size, max_position_embeddings=64, hidden_act="gelu", **sizes)
    bert = BertModel(config, add_pooling_layer=False).eval()  # eval(): no dropout anywhere
    mlp = nn.Linear(32, 32)
    lm_head = BertLMPredictionHead(config)
    lm_dense = lm_head.transform.dense
    lm_transform = [("lm_head.transform.", lm_head.transform)]
# One output bias, as in transformers 4.2.1 (SimCSE's version), whose head links decoder.bias to
# lm_head.bias; transformers 5 gives the decoder a bias of its own and ties the two only in
# BertForMaskedLM, which SimCSE does not use.
lm_head.decoder.bias = lm_head.bias
for module in (mlp, lm_dense, lm_head.decoder):  # BertPreTrainedModel._init_weights
    nn.init.normal_(module.weight, std=config.initializer_range)
    nn.init.zeros_(module.bias)
assert lm_head.decoder.weight.data_ptr() != bert.embeddings.word_embeddings.weight.data_ptr()  # untied
with torch.no_grad():
    lm_head.bias.normal_(0, 0.02)  # non-zero so its gradient path is exercised

lines = [l.strip() for l in open(root / "tiny_data/corpus.txt", encoding="utf-8")][:12]


def parameters():
    named = [(n, p) for n, p in bert.named_parameters()]
    named += [("mlp.dense." + n, p) for n, p in mlp.named_parameters()]
    named += [(prefix + n, p) for prefix, module in lm_transform for n, p in module.named_parameters()]
    named += [("lm_head.decoder.weight", lm_head.decoder.weight), ("lm_head.bias", lm_head.bias)]
    return named


def cl_forward(examples, pooler, hard_negative_weight=0.0, mlm=None):
    """SimCSE's cl_forward on [bs, num_sent] sentences; returns the loss and the batch as fed."""
    bs, num_sent = len(examples), len(examples[0])
    flat = [s for example in examples for s in example]  # example-major, as view(-1, len)
    batch = tokenizer(flat, max_length=32, truncation=True, padding=True, return_tensors="pt")
    token_types = batch.get("token_type_ids", torch.zeros_like(batch["input_ids"]))  # RoBERTa's: none, all 0
    outputs = bert(**batch, output_hidden_states=True)
    mask = batch["attention_mask"]
    if pooler == "cls":
        pooled = torch.tanh(mlp(outputs.last_hidden_state[:, 0]))
    else:  # avg
        pooled = (outputs.last_hidden_state * mask.unsqueeze(-1)).sum(1) / mask.sum(-1).unsqueeze(-1)
    pooled = pooled.view(bs, num_sent, -1)
    z1, z2 = pooled[:, 0], pooled[:, 1]
    sim = nn.CosineSimilarity(dim=-1)
    cos_sim = sim(z1.unsqueeze(1), z2.unsqueeze(0)) / 0.05
    if num_sent == 3:
        z1_z3 = sim(z1.unsqueeze(1), pooled[:, 2].unsqueeze(0)) / 0.05
        cos_sim = torch.cat([cos_sim, z1_z3], 1)
        weights = torch.tensor([[0.0] * bs + [0.0] * i + [hard_negative_weight] + [0.0] * (bs - i - 1)
                                for i in range(bs)])
        cos_sim = cos_sim + weights
    loss = nn.CrossEntropyLoss()(cos_sim, torch.arange(bs))
    record = {"input_ids": batch["input_ids"].reshape(-1).tolist(),
              "attention_mask": mask.reshape(-1).tolist(),
              "token_type_ids": token_types.reshape(-1).tolist(),
              "rows": len(flat), "seq_len": batch["input_ids"].shape[1], "sentences_per_example": num_sent}
    if mlm is not None:
        mlm_ids, mlm_labels = mlm(batch["input_ids"])
        mlm_hidden = bert(input_ids=mlm_ids, attention_mask=mask, token_type_ids=token_types)
        scores = lm_head(mlm_hidden.last_hidden_state)
        loss = loss + 0.1 * nn.CrossEntropyLoss()(scores.view(-1, vocab_size), mlm_labels.view(-1))
        record["mlm_input_ids"] = mlm_ids.reshape(-1).tolist()
        record["mlm_labels"] = mlm_labels.reshape(-1).tolist()
    return loss, record


def fixed_corruption(ids):
    """A fixed 80/10/10-style corruption: every 4th ordinary token is a target."""
    special = set(tokenizer.all_special_ids)
    corrupted, labels = ids.clone(), torch.full_like(ids, -100)
    flat_ids, flat_corrupted, flat_labels = ids.view(-1), corrupted.view(-1), labels.view(-1)
    chosen = [i for i in range(flat_ids.numel()) if int(flat_ids[i]) not in special][::4]
    for k, i in enumerate(chosen):
        flat_labels[i] = flat_ids[i]
        flat_corrupted[i] = tokenizer.mask_token_id if k % 10 < 8 else (7 + k) % vocab_size if k % 10 == 8 else flat_ids[i]
    return corrupted, labels


settings = {
    "unsup": lambda: cl_forward([[s, s] for s in lines[:5]], "cls"),
    "sup": lambda: cl_forward([[lines[i], lines[i + 1], lines[11 - i]] for i in range(4)], "cls", 0.5),
    "mlm": lambda: cl_forward([[s, s] for s in lines[5:9]], "avg", mlm=fixed_corruption),
}

out.mkdir(parents=True, exist_ok=True)
model_dir = out / "model"
if model_dir.exists():
    shutil.rmtree(model_dir)
bert.save_pretrained(model_dir, safe_serialization=True)
for path in tokenizer_files:
    shutil.copy(path, model_dir / path.name)
save_file({n: p.detach().contiguous() for n, p in parameters() if n.startswith(("mlp.", "lm_head."))},
          str(out / "heads.safetensors"))


def run(name):
    for _, p in parameters():
        p.grad = None
    loss, record = settings[name]()
    loss.backward()
    grads = {n: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone() for n, p in parameters()}
    return loss.item(), record, grads


float32_runs = {name: run(name) for name in settings}
for module in (bert, mlp, lm_head):
    module.double()
torch.set_default_dtype(torch.float64)  # the hard-negative weights tensor, and anything else created
for name in settings:
    loss, record, grads = run(name)
    _, _, grads32 = float32_runs[name]
    check = max(((grads32[n].double() - g).abs().max() / g.abs().max()).item() for n, g in grads.items()
                if g.abs().max() > 1e-9)
    record["loss"] = loss
    (out / f"{name}.json").write_text(json.dumps(record))
    save_file({n: g.float().contiguous() for n, g in grads.items()}, str(out / f"{name}_grads.safetensors"))
    print(f"{name}: loss {loss:.6f}, {record['rows']} rows x {record['seq_len']} tokens; "
          f"float32 PyTorch vs this float64 reference: worst normalised gradient error {check:.1e}")
