#!/usr/bin/env python3
"""make_bpe_fixtures.py — golden outputs of Hugging Face's RobertaTokenizerFast for the C++ byte-level BPE tests.

Run from the repository root, after tools/make_bpe_vocab.py (needs transformers, tokenizers, the shared
data and unicodedata2 pinned to the Unicode version of Debian's libutf8proc; the tests never run Python):

    python3 tools/make_bpe_fixtures.py [--shared-data ../shared/data]

Uses the vocabulary in tests/fixtures/tokenizer/bpe/ and writes, under tests/fixtures/tokenizer/:
  bpe_hostile.txt          the hostile inputs: make_tokenizer_fixtures.py's valid lines, then the BPE cases below
  bpe_hostile.json         their ids (vocab.json + merges.txt, with and without add_prefix_space; tokenizer.json
                           edited as "variant" says), a padded batch, a padded pair batch, pair truncation
  bpe_code_points.txt      for every code point c, how GPT-2's pattern cuts a probe text around c, one hash per
                           block of 4096 code points, and the code points whose Unicode class differs between
                           Hugging Face's regex engine (Oniguruma) and Unicode 15.0 (utf8proc's tables)
  bpe_shared_data_ids.txt  one FNV-1a 64-bit hash of the input_ids of every sentence of the STS12-16, STS-B,
                           SICK and SNLI files under the shared data (the same files as shared_data_ids.txt)
"""
import argparse
import json
import os
import sys
import tempfile

import unicodedata2 as unicodedata
from tokenizers import Tokenizer, pre_tokenizers
from transformers import RobertaTokenizerFast

from make_tokenizer_fixtures import HOSTILE_LINES, UNICODE_VERSION, fnv1a64, read_lines, write_hash_file

FIXTURES = "tests/fixtures/tokenizer"
BPE = os.path.join(FIXTURES, "bpe")  # written by tools/make_bpe_vocab.py

# ---- what byte-level BPE adds to the hostile set: whitespace runs (GPT-2's \s+(?!\S)), contractions,
# RoBERTa's special tokens written in the text, digits and marks that end letter runs, very long pieces.
BPE_HOSTILE_LINES = [
    "  two leading spaces", "trailing spaces   ", "a  b   c    d     e", " ", "  ", "     ",
    "\t\ttabs\tand spaces \t mixed\t", "carriage\rreturn\r\r mid-line", "space before tab \ta",
    "\u00a0no-break before\u00a0 and after \u00a0x", "\u3000\u3000ideographic\u3000 spaces",
    "\u2028line separator \u2029 paragraph separator", "form\x0cfeed\x0bvertical tab \x85next line",
    "nul\x00 start-of-heading\x01 unit-separator\x1f delete\x7f file-separator\x1c",
    "it's I'm you're we've they'll he'd don't", "IT'S I'M YOU'RE WE'VE", "''s '' 's ' s 'S 'Re 'll'll",
    "rock'n'roll y'all's o'clock '90s", "!'s ?'re .'ll", "\u2019s curly apostrophe\u2019ll",
    "<s>hello</s>", "a <mask> b", "a<mask>b", "<mask><mask>", "< mask > <MASK> <mask", "</s><s> <pad> <unk>",
    "  <mask>  ", "<s><s></s></s>", "x</s>  </s>y", "<<mask>>", "<s", "</",
    "123abc456 abc123 1,234.56 3rd 2nd", "\u0661\u0662\u0663 \u0664\u0665\u0666 (Arabic-Indic digits)",
    "\u216b \u00bd x\u00b2 \u2460\u2461 (number categories Nl and No)", "e\u0301 cafe\u0301s (combining marks end letters)",
    "\u0915\u094d\u0937 \u0939\u093f\u0928\u094d\u0926\u0940 (Devanagari marks)", "\ufb01 \u01c5 (ligature, titlecase)",
    "Hello,world!How are you?I'm fine.", "a" * 2000, "ab" * 1000, "\U0001F600" * 200, " " * 1000 + "x",
    "\u200d\u200d\u200d joiners \u200dalone", "\U0001F469\U0001F3FD\u200d\U0001F52C scientist",
    "x" + " " * 500, "mixed \u4e2d\u6587abc\u65e5\u672c123 scripts",
]

# tokenizer.json as edited for the "variant" goldens (the C++ test applies the same edits):
VARIANT = {"add_prefix_space": True, "lstrip": ["<mask>"], "rstrip": ["</s>"], "normalized": ["<pad>"]}

# ---- every code point: the probe text around c, and a representative of each class -------------
PROBE = "a{c}a 1{c}1 !{c}! {c} x{c}"  # each class of c, after a space, in and at the end of a run
REPRESENTATIVE = {"L": "a", "N": "1", "W": "\t", "O": "!"}  # \p{L}, \p{N}, \s other than U+0020, other


def hostile_texts():
    with open(os.path.join(FIXTURES, "bpe_hostile.txt"), "wb") as out:
        for text in HOSTILE_LINES + BPE_HOSTILE_LINES:
            assert "\n" not in text, repr(text)
            out.write(text.encode("utf-8") + b"\n")
    # Read back as the C++ test reads it (one trailing \r is part of the line ending).
    return [line.decode("utf-8") for line in read_lines(os.path.join(FIXTURES, "bpe_hostile.txt"))]


def encodings(tokenizer, *texts, **options):
    out = tokenizer(*texts, return_token_type_ids=True, **options)
    return {key: out[key] for key in ("input_ids", "token_type_ids", "attention_mask")}


def variant_tokenizer_json(path):
    with open(os.path.join(BPE, "tokenizer.json")) as file:
        config = json.load(file)
    config["pre_tokenizer"]["add_prefix_space"] = VARIANT["add_prefix_space"]
    for token in config["added_tokens"]:
        for flag in ("lstrip", "rstrip", "normalized"):
            token[flag] = token["content"] in VARIANT[flag]
    with open(path, "w") as out:
        json.dump(config, out)


def pair_truncation_rows(tokenizer):
    """Kept lengths of a pair of n1 and n2 one-token words ("a", " a", ...) truncated to max_length."""
    rows = []
    for max_length in range(4, 17):
        for n1 in range(0, 11):
            for n2 in range(0, 11):
                ids = tokenizer([" ".join(["a"] * n1)], [" ".join(["a"] * n2)], truncation=True,
                                max_length=max_length)["input_ids"][0]
                middle = ids.index(tokenizer.sep_token_id)  # <s> A </s></s> B </s>
                rows.append([n1, n2, max_length, middle - 1, len(ids) - middle - 3])
    return rows


def write_hostile_goldens(texts):
    plain = RobertaTokenizerFast(os.path.join(BPE, "vocab.json"), os.path.join(BPE, "merges.txt"))
    prefixed = RobertaTokenizerFast(os.path.join(BPE, "vocab.json"), os.path.join(BPE, "merges.txt"),
                                    add_prefix_space=True)
    from_json = RobertaTokenizerFast(tokenizer_file=os.path.join(BPE, "tokenizer.json"))
    ids = [plain(text)["input_ids"] for text in texts]
    assert ids == [from_json(text)["input_ids"] for text in texts], "tokenizer.json and vocab.json disagree"
    with tempfile.TemporaryDirectory() as folder:
        variant_path = os.path.join(folder, "tokenizer.json")
        variant_tokenizer_json(variant_path)
        variant = RobertaTokenizerFast(tokenizer_file=variant_path)
        variant_ids = [variant(text)["input_ids"] for text in texts]
        assert variant_ids == [enc.ids for enc in Tokenizer.from_file(variant_path).encode_batch(texts)]
    seconds = texts[1:] + texts[:1]  # pair line i with line i+1
    goldens = {
        "vocab": BPE,
        "ids": ids,
        "ids_add_prefix_space": [prefixed(text)["input_ids"] for text in texts],
        "variant": {**VARIANT, "ids": variant_ids},
        "batch": {"max_length": 24, **encodings(plain, texts, truncation=True, max_length=24, padding="longest")},
        "pair_batch": {"max_length": 12, "second_line_offset": 1,
                       **encodings(plain, texts, seconds, truncation=True, max_length=12, padding="longest")},
        "pair_truncation": {"columns": ["first_length", "second_length", "max_length", "first_kept", "second_kept"],
                            "rows": pair_truncation_rows(plain)},
    }
    with open(os.path.join(FIXTURES, "bpe_hostile.json"), "w") as out:
        json.dump(goldens, out, separators=(",", ":"))
        out.write("\n")


# ---- every code point ----------------------------------------------------------------------------
def unicode15_class(ch):
    category = unicodedata.category(ch)
    if ch in "\t\n\x0b\x0c\r\x85" or category in ("Zs", "Zl", "Zp"):
        return "W"
    return {"L": "L", "N": "N"}.get(category[0], "O")


def write_code_points():
    assert unicodedata.unidata_version == UNICODE_VERSION, unicodedata.unidata_version
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False)

    def piece_lengths(ch):
        """The lengths, in code points, of the pieces GPT-2's pattern cuts the probe around ch into."""
        return " ".join(str(end - start) for _, (start, end) in byte_level.pre_tokenize_str(PROBE.format(c=ch)))

    by_class = {name: piece_lengths(rep) for name, rep in REPRESENTATIVE.items()}
    block_lines, differs = [], []
    for block in range(0x110000 >> 12):
        hf_state = current_state = 0xCBF29CE484222325
        for cp in range(block << 12, (block + 1) << 12):
            if 0xD800 <= cp <= 0xDFFF:
                continue  # surrogates are not characters; as bytes they are invalid UTF-8
            ch = chr(cp)
            hf = piece_lengths(ch)
            # Unicode 15.0's answer: the same regex engine on the representative of the character's class.
            current = hf if cp < 0x80 else by_class[unicode15_class(ch)]
            if hf != current:
                hf_class = [name for name, lengths in by_class.items() if lengths == hf]
                assert len(hf_class) == 1, (hex(cp), hf)
                differs.append((cp, hf_class[0], unicode15_class(ch)))
            hf_state = fnv1a64((hf + "\n").encode("ascii"), hf_state)
            current_state = fnv1a64((current + "\n").encode("ascii"), current_state)
        block_lines.append("block\t%X\t%016x\t%016x" % (block << 12, hf_state, current_state))
    ranges = []  # consecutive code points with the same pair of classes
    for cp, hf_class, current_class in differs:
        if ranges and ranges[-1][1] == cp - 1 and ranges[-1][2:] == [hf_class, current_class]:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp, hf_class, current_class])
    with open(os.path.join(FIXTURES, "bpe_code_points.txt"), "w") as out:
        out.write("# How Hugging Face's ByteLevel pre-tokenizer (GPT-2's pattern, run by Oniguruma) cuts the probe\n"
                  "# text below, with each code point c in turn. Generated by tools/make_bpe_fixtures.py; do not edit.\n"
                  "# A cut is the lengths of its pieces in code points, separated by spaces, e.g. \"3 2 1 1 2 1 1 2 3\" for c = a.\n"
                  "# block START HASH_HF HASH_UNICODE: FNV-1a 64 over the cuts of the block's code points (START ..\n"
                  "#   START+4095, surrogates skipped), each followed by a newline; HASH_HF with Oniguruma's classes,\n"
                  "#   HASH_UNICODE with the classes of Unicode %s (what utf8proc gives us).\n"
                  "# differs FIRST LAST CLASS_HF CLASS_UNICODE: code points whose class differs (L = \\p{L}, N = \\p{N},\n"
                  "#   W = \\s, O = other); Oniguruma's tables are newer than Unicode %s.\n"
                  "# A class's cut is the cut with c replaced by its representative: L a, N 1, W tab, O !.\n"
                  % (UNICODE_VERSION, UNICODE_VERSION))
        out.write("unicode\t%s\nprobe\t%s\n" % (UNICODE_VERSION, PROBE))
        out.write("\n".join(block_lines + ["differs\t%X\t%X\t%s\t%s" % tuple(r) for r in ranges]) + "\n")
    print("code points: %d differ between Oniguruma's and Unicode %s classes (%d ranges)"
          % (len(differs), UNICODE_VERSION, len(ranges)))


# ---- the shared data sets --------------------------------------------------------------------------
def write_shared_data_hashes(shared_data):
    tokenizer = RobertaTokenizerFast(os.path.join(BPE, "vocab.json"), os.path.join(BPE, "merges.txt"))
    write_hash_file(shared_data, tokenizer, "bpe_shared_data_ids.txt", [
        "# FNV-1a 64 of the input_ids (<s> ... </s>, no truncation, each id as 4 bytes little-endian)",
        "# that Hugging Face RobertaTokenizerFast (tests/fixtures/tokenizer/bpe) gives every sentence.",
        "# Generated by tools/make_bpe_fixtures.py; do not edit."])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", default="../shared/data")
    args = parser.parse_args()
    if not os.path.isdir(args.shared_data):
        sys.exit("no shared data at %s" % args.shared_data)
    write_hostile_goldens(hostile_texts())
    write_code_points()
    write_shared_data_hashes(args.shared_data)


if __name__ == "__main__":
    main()
