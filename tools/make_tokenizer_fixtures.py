#!/usr/bin/env python3
"""make_tokenizer_fixtures.py — golden outputs of Hugging Face's BertTokenizerFast for the C++ tokenizer tests.

Run from the repository root (needs transformers, tokenizers, and unicodedata2 pinned to the Unicode
version of Debian's libutf8proc; the tests themselves never run Python):

    python3 tools/make_tokenizer_fixtures.py [--shared-data ../shared/data]

Writes, under tests/fixtures/tokenizer/:
  hostile.txt           the hostile inputs below, one per line (some lines are invalid UTF-8 on purpose)
  hostile_bert.json     their ids with bert-base-uncased's vocab.txt, uncased and cased, plus a padded
                        batch, a padded pair batch, and pair truncation on synthetic lengths
  hostile_tiny.json     their ids with tiny_data/vocab.txt (our own vocabulary: runs without shared data)
  code_points.txt       for every code point c, the words of "a" c "a" after normalisation and splitting,
                        as one hash per block of 4096 code points, and the code points where Hugging Face's
                        Unicode tables (older than utf8proc's) disagree with current Unicode, listed in full
  shared_data_ids.txt   one FNV-1a 64-bit hash of the input_ids of every sentence of the STS12-16, STS-B,
                        SICK and SNLI files under the shared data, file by file, line by line
"""
import argparse
import glob
import json
import os
import struct
import sys

import unicodedata2 as unicodedata
from transformers import BertTokenizerFast

FIXTURES = "tests/fixtures/tokenizer"
BERT_VOCAB = "vocab/bert-base-uncased/vocab.txt"  # relative to the shared data folder
TINY_VOCAB = "tiny_data/vocab.txt"
UNICODE_VERSION = "15.0.0"  # Debian bookworm's libutf8proc 2.8; the test checks that utf8proc agrees

# ---- the hostile set: one case per line; escapes keep every invisible character visible here ----
HOSTILE_LINES = [
    # plain English and SimCSE-style sentences
    "A man is playing a guitar.",
    "Two women are embracing while holding to go packages . ",
    "The quick brown fox jumps over the lazy dog!",
    # accents and combining marks (precomposed and decomposed; marks out of canonical order)
    "Café naïve résumé Zoë Ångström façade déjà vu",
    "Cafe\u0301 nai\u0308ve re\u0301sume\u0301",
    "a\u0301\u0316 o\u0323\u0302 (two marks in non-canonical order)",
    "Tiếng Việt có dấu: Hà Nội, Đà Nẵng",
    "STRASSE straße Straße ẞ",
    "İstanbul ISTANBUL ıi İı",
    "ΣΑΣ σας Ὀδυσσεύς ᾅδης",
    "Привет, мир! Ёлка ЁЛКА",
    "Ǆ ǅ ǆ ǈ Ǌ (titlecase digraphs)",
    "\U0001D15E\U0001D165 \U0001D160 a\U0001D16D\U0001D165 (musical symbols: decompositions and Mc reordering)",
    "ﬁnance ﬀ ﬃ (ligatures have no canonical decomposition)",
    # CJK and mixed scripts
    "我爱自然语言处理。",
    "日本語のテキストとカタカナ、ひらがな",
    "한국어 문장입니다 안녕하세요",
    "中文English混合text测试123",
    "\uF900\uF901 \U0002F800 (compatibility ideographs)",
    "\U00020000\U0002A6D6 \U0002B740 \U0002B820\U0002B8FF \U0002B920 \U00030000 (extension blocks)",
    "مرحبا بالعالم، كيف حالك؟",
    "שָׁלוֹם עוֹלָם",
    "नमस्ते दुनिया। हिन्दी",
    "สวัสดีชาวโลก",
    "Ｆｕｌｌｗｉｄｔｈ　ＡＢＣ　１２３！",
    # emoji
    "I love it 😀😂🤣 so much 👍🏽",
    "Family: 👨\u200d👩\u200d👧\u200d👦 and flags 🇫🇷🇯🇵",
    "Keycap 1\ufe0f\u20e3 and ❤️ heart ♥ ★ ☃",
    "🥰 🫠 🧑\u200d💻 (newer emoji)",
    # zero-width, format and control characters
    "zero\u200bwidth\u200cnon\u200djoiner\u2060word",
    "\ufeffbyte order mark at the start",
    "soft\u00adhyphen and left\u200eto\u200fright marks \u202aembedded\u202c",
    "tab\there\tand\u00a0no-break\u2009thin\u3000ideographic space",
    "line\u2028separator\u2029paragraph\u0085next line",
    "vertical\x0btab and form\x0cfeed and\x1cfile\x1dgroup\x1erecord\x1funit",
    "bell\x07 backspace\x08 escape\x1b delete\x7f",
    "nul\x00inside",
    "C1 controls\u0080\u0081\u009f here",
    "private use \ue000\uf8ff\U000F0000 unassigned \u0378\U000E0080",
    "replacement \ufffd char",
    "windows line ending\r",
    "\r\r\r",
    # long words: the 100-character limit counts characters, not bytes
    "a" * 100,
    "b" * 101,
    "supercalifragilisticexpialidocious " * 3,
    "pneumonoultramicroscopicsilicovolcanoconiosis" * 2 + "x" * 10,
    "é" * 100 + " " + "é" * 101,
    "antidisestablishmentarianism unaffable unbelievably",
    # numbers
    "3.14159 2.71828 1,000,000 1.000.000,00 -42 +7 1e-10 0x1F 0b1010",
    "On 2021-04-08 at 10:30:00, 50% paid $100.50 (€90, £80, ¥1000)",
    "Call +1 (555) 123-4567 or 555.123.4567 ext. 89",
    "½ ¾ ² ³ ⅓ Ⅻ ① ٣ ४ (numeric characters)",
    # URLs, e-mail addresses, code
    "https://www.example.com/path/to/page.html?query=a&b=c#fragment",
    "mailto:first.last+tag@example.org ftp://ftp.example.net:21/file.tar.gz",
    "def f(x): return x**2 + y_1 // z; # comment",
    "#hashtag @mention $TICKER ##ing ##",
    # punctuation runs and typography
    "!!!???...,,,;;;:::",
    "--> <== ||| &&& ^^^ ~~~ ``` '''",
    "«guillemets» „low quotes“ “smart quotes” ‘single’ ¿Qué? ¡Hola!",
    "em—dash en–dash … ellipsis • bullet · middle dot",
    "(((nested))) [[[brackets]]] {{{braces}}} <<<angles>>>",
    # special tokens written in the text
    "[MASK] is a special token but [mask] is not",
    "[CLS] hello [SEP] world [PAD][UNK]",
    "x[MASK]y [[MASK]] [MASK [ MASK ]",
    # empty and whitespace-only lines
    "",
    " ",
    "   \t   ",
    "\u00a0\u3000\u2003",
    "\u200b\u200b",
    # everything at once
    "The naïve café-owner said: “¿Qué?” 😀 — 日本 3.5% https://x.y/z",
]
HOSTILE_INVALID_UTF8 = [
    b"lone continuation \x80 byte",
    b"truncated \xe4\xb8 sequence then ascii",
    b"overlong \xc0\xaf slash and \xe0\x80\xaf",
    b"surrogate \xed\xa0\x80 half",
    b"too large \xf4\x90\x80\x80 value",
    b"\xff\xfe bytes that are never UTF-8",
    b"caf\xe9 latin-1 inside a word",
    b"\xe2\x82 \xe2\x82\xac\xe2 mixed valid euro and truncated",
    b"ends with a truncated sequence \xf0\x9f\x98",
]


def read_lines(path):
    """Lines split on \\n only, one trailing \\r removed (the C++ tests read files the same way)."""
    with open(path, "rb") as file:
        lines = file.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def fnv1a64(data, state=0xCBF29CE484222325):
    for byte in data:
        state = ((state ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return state


def hash_ids(ids):
    return fnv1a64(struct.pack("<%di" % len(ids), *ids))


def encodings(tokenizer, *texts, **options):
    out = tokenizer(*texts, **options)
    return {key: out[key] for key in ("input_ids", "token_type_ids", "attention_mask")}


# ---- hostile set ------------------------------------------------------------------------------
def write_hostile_text():
    with open(os.path.join(FIXTURES, "hostile.txt"), "wb") as out:
        for line in HOSTILE_LINES:
            assert "\n" not in line
            out.write(line.encode("utf-8") + b"\n")
        for line in HOSTILE_INVALID_UTF8:
            out.write(line + b"\n")
    # Python's decoder replaces each maximal ill-formed subsequence with U+FFFD, as Rust's does.
    return [line.decode("utf-8", errors="replace") for line in read_lines(os.path.join(FIXTURES, "hostile.txt"))]


def truncation_table(tokenizer):
    """Kept lengths of a pair of n1 and n2 one-token words under truncation to max_length."""
    rows = []
    for max_length in range(3, 17):
        for n1 in range(0, 11):
            for n2 in range(0, 11):
                # As a batch: a single call would treat an empty second text as "no second text".
                enc = tokenizer([" ".join(["a"] * n1)], [" ".join(["a"] * n2)], truncation=True, max_length=max_length)
                types = enc["token_type_ids"][0]
                rows.append([n1, n2, max_length, types.count(0) - 2, types.count(1) - 1])
    return rows


def write_hostile_goldens(texts, shared_data):
    uncased = BertTokenizerFast(os.path.join(shared_data, BERT_VOCAB), do_lower_case=True)
    cased = BertTokenizerFast(os.path.join(shared_data, BERT_VOCAB), do_lower_case=False)
    normalizer = cased.backend_tokenizer.normalizer
    assert not normalizer.lowercase and not normalizer.strip_accents, normalizer
    seconds = texts[1:] + texts[:1]  # pair line i with line i+1
    goldens = {
        "vocab": BERT_VOCAB,
        "uncased": [uncased(text)["input_ids"] for text in texts],
        "cased": [cased(text)["input_ids"] for text in texts],
        "batch": {"max_length": 24, **encodings(uncased, texts, truncation=True, max_length=24, padding="longest")},
        "pair_batch": {"max_length": 12, "second_line_offset": 1,
                       **encodings(uncased, texts, seconds, truncation=True, max_length=12, padding="longest")},
        "pair_truncation": {"columns": ["first_length", "second_length", "max_length", "first_kept", "second_kept"],
                            "rows": truncation_table(uncased)},
    }
    with open(os.path.join(FIXTURES, "hostile_bert.json"), "w") as out:
        json.dump(goldens, out, separators=(",", ":"))
        out.write("\n")

    tiny = BertTokenizerFast(TINY_VOCAB, do_lower_case=True)
    with open(os.path.join(FIXTURES, "hostile_tiny.json"), "w") as out:
        json.dump({"vocab": TINY_VOCAB, "uncased": [tiny(text)["input_ids"] for text in texts]}, out,
                  separators=(",", ":"))
        out.write("\n")


# ---- every code point --------------------------------------------------------------------------
def words_text(words):
    """Words as code points in hex, a space between characters and '|' between words."""
    return "|".join(" ".join("%X" % ord(ch) for ch in word) for word in words)


def huggingface_words(tokenizer, text):
    backend = tokenizer.backend_tokenizer
    return [word for word, _ in backend.pre_tokenizer.pre_tokenize_str(backend.normalizer.normalize_str(text))]


def current_unicode_words(text, lowercase):
    """BERT's normalisation and splitting written out with current Unicode tables (unicodedata2)."""
    def is_control(ch):
        return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")

    def is_whitespace(ch):
        return ch in "\t\n\x0b\x0c\r\x85" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")

    def is_cjk(cp):
        return any(lo <= cp <= hi for lo, hi in [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF),
                                                 (0x2A700, 0x2B73F), (0x2B740, 0x2B81F), (0x2B920, 0x2CEAF),
                                                 (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)])

    def is_punctuation(ch):
        cp = ord(ch)
        return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or \
            unicodedata.category(ch).startswith("P")

    cleaned = []
    for ch in text:
        if ch in "\x00\ufffd" or is_control(ch):
            continue
        if is_cjk(ord(ch)):
            cleaned += [" ", ch, " "]
        else:
            cleaned.append(" " if is_whitespace(ch) else ch)
    text = "".join(cleaned)
    if lowercase:  # per character, as Rust's char::to_lowercase: no final-sigma rule
        text = "".join(ch.lower() for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    words, word = [], ""
    for ch in text:
        if is_whitespace(ch) or is_punctuation(ch):
            if word:
                words.append(word)
            word = ""
            if is_punctuation(ch):
                words.append(ch)
        else:
            word += ch
    if word:
        words.append(word)
    return words


def write_code_points(shared_data):
    assert unicodedata.unidata_version == UNICODE_VERSION, unicodedata.unidata_version
    uncased = BertTokenizerFast(os.path.join(shared_data, BERT_VOCAB), do_lower_case=True)
    cased = BertTokenizerFast(os.path.join(shared_data, BERT_VOCAB), do_lower_case=False)
    block_lines, differ_lines = [], []
    for block in range(0x110000 >> 12):
        state = {True: 0xCBF29CE484222325, False: 0xCBF29CE484222325}
        for cp in range(block << 12, (block + 1) << 12):
            if 0xD800 <= cp <= 0xDFFF:
                continue  # surrogates are not characters; as bytes they are invalid UTF-8
            text = "a" + chr(cp) + "a"
            hf = {True: words_text(huggingface_words(uncased, text)), False: words_text(huggingface_words(cased, text))}
            current = {lowercase: words_text(current_unicode_words(text, lowercase)) for lowercase in (True, False)}
            if hf != current:
                differ_lines.append("differs\t%X\t%s\t%s\t%s\t%s" % (cp, hf[True], hf[False], current[True], current[False]))
            for lowercase in (True, False):
                state[lowercase] = fnv1a64((hf[lowercase] + "\n").encode("ascii"), state[lowercase])
        block_lines.append("block\t%X\t%016x\t%016x" % (block << 12, state[True], state[False]))
    with open(os.path.join(FIXTURES, "code_points.txt"), "w") as out:
        out.write("# Hugging Face BertTokenizerFast's words for \"a\" + c + \"a\", for every code point c.\n"
                  "# Generated by tools/make_tokenizer_fixtures.py; do not edit.\n"
                  "# A word is its code points in hex separated by spaces; words are separated by '|'.\n"
                  "# block START HASH_UNCASED HASH_CASED: FNV-1a 64 over the words of each code point of the\n"
                  "#   block (START .. START+4095, surrogates skipped), each followed by a newline.\n"
                  "# differs CP HF_UNCASED HF_CASED CURRENT_UNCASED CURRENT_CASED: Hugging Face's Unicode tables\n"
                  "#   are older than Unicode %s, so for these code points it differs from BERT's rules\n"
                  "#   applied with current tables (which is what utf8proc gives us).\n" % UNICODE_VERSION)
        out.write("unicode\t%s\n" % UNICODE_VERSION)
        out.write("\n".join(block_lines + differ_lines) + "\n")
    print("code points: %d differ between Hugging Face's and Unicode %s tables" % (len(differ_lines), UNICODE_VERSION))


# ---- the shared data sets -------------------------------------------------------------------------
def shared_data_sources(shared_data):
    """(path relative to the shared data, header lines to skip, 1-based tab-separated columns or [] = whole line)."""
    sts = "senteval/downstream/STS"
    sources = []
    for year in range(12, 17):
        for path in sorted(glob.glob(os.path.join(shared_data, sts, "STS%d-en-test" % year, "STS.input.*.txt"))):
            sources.append((os.path.relpath(path, shared_data), 0, [1, 2]))
    for split in ("train", "dev", "test"):
        sources.append(("%s/STSBenchmark/sts-%s.csv" % (sts, split), 0, [6, 7]))
    for split in ("train", "trial", "test_annotated"):
        sources.append(("senteval/downstream/SICK/SICK_%s.txt" % split, 1, [2, 3]))
    sources += [("nli/snli/s1.dev", 0, []), ("nli/snli/s2.dev", 0, [])]
    return sources


def hash_shared_data(shared_data, tokenizer):
    """The "file" lines and per-sentence hash lines of every shared data set, and the sentence count."""
    out_lines, total = [], 0
    for path, skip, columns in shared_data_sources(shared_data):
        rows = [line.decode("utf-8") for line in read_lines(os.path.join(shared_data, path))[skip:]]
        if columns:
            fields = [row.split("\t") for row in rows]
            for number, row in enumerate(fields, start=skip + 1):
                assert len(row) >= max(columns), "%s:%d has %d columns" % (path, number, len(row))
            sentences = [[row[c - 1] for c in columns] for row in fields]
        else:
            sentences = [[row] for row in rows]
        flat = [s for row in sentences for s in row]
        hashes = iter(hash_ids(ids) for ids in tokenizer(flat)["input_ids"])
        out_lines.append("file\t%s\t%d\t%s" % (path, skip, ",".join(map(str, columns)) if columns else "line"))
        out_lines += [" ".join("%016x" % next(hashes) for _ in row) for row in sentences]
        total += len(flat)
    return out_lines, total


def write_hash_file(shared_data, tokenizer, name, about):
    """Writes FIXTURES/name: the `about` header lines (whose ids, which script), the layout, the hashes."""
    header = about + ["# file PATH SKIP COLUMNS: lines of PATH (split on \\n, one trailing \\r removed), after SKIP",
                      "#   header lines; COLUMNS = 1-based tab-separated columns, or 'line' for the whole line.",
                      "# Then one line per data line: the hashes of its sentences, in column order."]
    hash_lines, total = hash_shared_data(shared_data, tokenizer)
    with open(os.path.join(FIXTURES, name), "w") as out:
        out.write("\n".join(header + hash_lines) + "\n")
    print("shared data: %d sentences hashed" % total)


def write_shared_data_hashes(shared_data):
    tokenizer = BertTokenizerFast(os.path.join(shared_data, BERT_VOCAB), do_lower_case=True)
    write_hash_file(shared_data, tokenizer, "shared_data_ids.txt", [
        "# FNV-1a 64 of the input_ids ([CLS] ... [SEP], no truncation, each id as 4 bytes little-endian)",
        "# that Hugging Face BertTokenizerFast (bert-base-uncased vocab.txt) gives every sentence.",
        "# Generated by tools/make_tokenizer_fixtures.py; do not edit."])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", default="../shared/data")
    args = parser.parse_args()
    if not os.path.isdir(args.shared_data):
        sys.exit("no shared data at %s" % args.shared_data)
    os.makedirs(FIXTURES, exist_ok=True)
    texts = write_hostile_text()
    write_hostile_goldens(texts, args.shared_data)
    write_code_points(args.shared_data)
    write_shared_data_hashes(args.shared_data)


if __name__ == "__main__":
    main()
