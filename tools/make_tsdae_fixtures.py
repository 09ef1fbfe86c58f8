#!/usr/bin/env python3
"""make_tsdae_fixtures.py — sentence-transformers' DenoisingAutoEncoderLoss (TSDAE) on a small random
BERT, for tests/test_tsdae_parity.cc.

The encoder is tests/fixtures/training/model (make_training_fixtures.py: tiny_data's vocabulary,
dropout 0, initializer_range 0.3) as a SentenceTransformer with [CLS] pooling, the TSDAE recipe;
DenoisingAutoEncoderLoss(model, tie_encoder_decoder=True) builds the decoder — BertLMHeadModel with
cross-attention, its BERT tied to the encoder — whose own tensors (cross-attention layers, the LM
head's transform and bias) start random: they are saved so the test starts from the same values.
Five (damaged, original) pairs made with nltk-free fixed deletions go through the loss, in float64
from the float32 weights; the loss and the gradient of every parameter (tied ones summed over both
uses, as PyTorch sums them) are saved. Writes tests/fixtures/tsdae/: decoder.safetensors, batch.json,
grads.safetensors (the encoder's tensors under BERT's names, the decoder's own under "decoder.").

    python3 tools/make_tsdae_fixtures.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file
from sentence_transformers import SentenceTransformer, losses, models

root = pathlib.Path(__file__).resolve().parent.parent
model_dir = root / "tests/fixtures/training/model"
out = root / "tests/fixtures/tsdae"
out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(20210406)

lines = [l.strip() for l in open(root / "tiny_data/corpus.txt", encoding="utf-8")][40:45]
# Fixed damage (every other word kept, then the first word dropped) so the test needs no noise function.
damaged = [" ".join(line.split()[1::2]) for line in lines]

transformer = models.Transformer(str(model_dir), max_seq_length=32)
model = SentenceTransformer(modules=[transformer, models.Pooling(32, pooling_mode="cls")], device="cpu")
loss_fn = losses.DenoisingAutoEncoderLoss(model, tie_encoder_decoder=True)
encoder, decoder = model[0].auto_model, loss_fn.decoder
assert decoder.bert.encoder.layer[0].attention.self.query.weight is encoder.encoder.layer[0].attention.self.query.weight
assert decoder.cls.predictions.decoder.weight is decoder.bert.embeddings.word_embeddings.weight

encoder_ids = {id(p) for p in encoder.parameters()}
own = [(n, p) for n, p in decoder.named_parameters() if id(p) not in encoder_ids]
own_names = [n for n, _ in own]
print("decoder's own tensors:", own_names)
save_file({n: p.detach().contiguous() for n, p in own}, str(out / "decoder.safetensors"))

model.train()
loss_fn.train()
features = [model.tokenize(damaged), model.tokenize(lines)]


def run(dtype):
    model.to(dtype)
    loss_fn.to(dtype)
    for p in list(encoder.parameters()) + list(decoder.parameters()):
        p.grad = None
    loss = loss_fn(features, None)
    loss.backward()
    grads = {n: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone()
             for n, p in encoder.named_parameters()}
    grads.update({"decoder." + n: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone()
                  for n, p in own})
    return loss.item(), grads


loss32, grads32 = run(torch.float32)
loss, grads = run(torch.float64)
check = max(((grads32[n].double() - g).abs().max() / g.abs().max()).item() for n, g in grads.items()
            if g.abs().max() > 1e-9)
record = {"loss": loss}
for name, batch in (("damaged", features[0]), ("original", features[1])):
    record[name] = {"rows": batch["input_ids"].shape[0], "seq_len": batch["input_ids"].shape[1],
                    "input_ids": batch["input_ids"].reshape(-1).tolist(),
                    "token_type_ids": batch["token_type_ids"].reshape(-1).tolist(),
                    "attention_mask": batch["attention_mask"].reshape(-1).tolist()}
(out / "batch.json").write_text(json.dumps(record))
save_file({n: g.float().contiguous() for n, g in grads.items()}, str(out / "grads.safetensors"))
print(f"tsdae: loss {loss:.6f}; float32 sentence-transformers vs this float64 reference: "
      f"worst normalised gradient error {check:.1e}")
