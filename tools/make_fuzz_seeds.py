#!/usr/bin/env python3
"""make_fuzz_seeds.py — seed inputs for the fuzz targets whose formats the test fixtures lack.

Writes tests/fuzz/seeds/:

  training_data/   small training files: sentences (LF, CRLF and CR endings, UTF-8), SimCSE's CSV pairs
                   and triplets with quoted fields
  senteval/        one input per SentEval loader of fuzz_senteval.cc: a first byte choosing the loader,
                   then file A, a NUL byte, file B, laid out as SentEval's data files are
  npy/             arrays numpy wrote (float32 and float64, ranks 0-3, an empty one) behind the
                   "read a file" selector byte, and round-trip inputs behind the "write then read" one

and tests/fuzz/regressions/, the inputs issue 11 found crashing the readers (replayed by every
`make test`; a crash the fuzzers find joins them):

  pytorch_bin/issue11_deep_pickle.bin         200,000 nested tuples in data.pkl (a stack overflow)
  safetensors/issue11_deep_header.safetensors an entry 100,000 levels deep, printed by an error message
  json_config/issue11_deep_config.json        the same in config.json's model_type
  npy/long_shape_header.bin                   a .npy header of 60,000 spaces in its shape tuple (a stack
                                              overflow in std::regex, found by fuzzing with longer inputs)

The other targets take their seeds from tests/fixtures/ (tests/fuzz/run_fuzzers.sh lists them).
Usage: python3 tools/make_fuzz_seeds.py   (needs numpy)
"""
import io
import pathlib
import struct
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fuzz" / "seeds"


def write(folder, name, data):
    path = OUT / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def training_data():
    sentences = ["A man is playing a guitar.", "Un homme joue de la guitare.", "Ein Mann spielt Gitarre — laut.",
                 "男人在弹吉他。", "The cat sat on the mat."]
    write("training_data", "unsup_lf.txt", "\n".join(sentences) + "\n")
    write("training_data", "unsup_crlf.txt", "\r\n".join(sentences))
    write("training_data", "unsup_cr.txt", "\r".join(sentences) + "\r")
    write("training_data", "pairs.csv", "sent0,sent1\n" + "".join(f'"{s}","{s[::-1]}"\n' for s in sentences))
    write("training_data", "triplets.csv",
          'sent0,sent1,hard_neg\n"He said ""hi"", then left.",He greeted them.,He stayed silent.\r\n'
          '"two\nlines",a b,c\n,missing first,x\n')


SELECT = {"STS12": 0, "STS16": 1, "STSBenchmark": 2, "SICK": 3, "MR": 4, "MPQA": 5, "SST2": 6, "TREC": 7, "MRPC": 8}


def senteval(name, a, b=""):
    write("senteval", name.lower() + ".bin", bytes([SELECT[name]]) + a.encode() + b"\0" + b.encode())


def senteval_seeds():
    senteval("STS12", "A man plays.\tA man is playing.\nKids run.\tChildren are running.\n", "4.2\n3.75\n")
    senteval("STS16", "one\ttwo\nthree\tfour\n", "\n1.0\n")  # STS16 leaves some pairs unscored
    senteval("STSBenchmark", "main-captions\tMSRvid\t2012test\t0001\t5.000\tA girl is styling her hair.\t"
                             "A girl is brushing her hair.\n")
    senteval("SICK", "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n"
                     "1\tA boy plays.\tA kid plays.\t4.5\tENTAILMENT\r\n")
    senteval("MR", "a gorgeous film .\nsmart , funny\n", "dull and slow .\n")
    senteval("MPQA", "good\n", "bad\x85worse\n")
    senteval("SST2", "it 's a charming journey .\t1\n", "a mess .\t0\n")
    senteval("TREC", "DESC:manner How did serfdom develop in and then leave Russia ?\n",
             "NUM:dist How far is it from Denver to Aspen ?\n")
    senteval("MRPC", "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\tHe said so.\tHe told us.\n",
             "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n0\t3\t4\tYes.\tNo.\n")


def npy_seeds():
    arrays = {"f4_2x3": np.arange(6, dtype=np.float32).reshape(2, 3), "f8_5": np.linspace(-1, 1, 5),
              "f4_scalar": np.array(1.5, dtype=np.float32), "f4_0x4": np.zeros((0, 4), dtype=np.float32),
              "f4_2x2x2": np.array([[[0, -0.0], [np.inf, np.nan]], [[1e-45, 3e38], [-1, 2]]], dtype=np.float32)}
    for name, array in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        write("npy", f"read_{name}.bin", b"\0" + buffer.getvalue())
    # Round trip: selector 1, rank byte, dimension bytes, then float32 values.
    write("npy", "roundtrip_2x3.bin", bytes([1, 2, 2, 3]) + struct.pack("<6f", 1, -2, 0.5, 1e30, -0.0, 7))
    write("npy", "roundtrip_scalar.bin", bytes([1, 0]) + struct.pack("<f", 3.25))


def regressions():
    folder = OUT.parent / "regressions"
    (folder / "pytorch_bin").mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # CRC-32s included
        entry = zipfile.ZipInfo("archive/data.pkl", date_time=(2021, 4, 18, 0, 0, 0))  # fixed: same bytes each run
        archive.writestr(entry, b"\x80\x02)" + b"\x85" * 200_000 + b".")
    (folder / "pytorch_bin" / "issue11_deep_pickle.bin").write_bytes(buffer.getvalue())
    deep = b"[" * 100_000 + b"]" * 100_000
    header = b'{"w":{"dtype":"F32","data_offsets":[0,0],"x":' + deep + b"}}"
    (folder / "safetensors").mkdir(exist_ok=True)
    (folder / "safetensors" / "issue11_deep_header.safetensors").write_bytes(struct.pack("<Q", len(header)) + header)
    (folder / "json_config").mkdir(exist_ok=True)
    (folder / "json_config" / "issue11_deep_config.json").write_bytes(b'{"model_type": ' + deep + b"}")
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (" + b" " * 60_000 + b"), }"
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    (folder / "npy").mkdir(exist_ok=True)
    (folder / "npy" / "long_shape_header.bin").write_bytes(
        b"\0" + b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header)


def main():
    training_data()
    senteval_seeds()
    npy_seeds()
    regressions()
    print(f"seeds written to {OUT}: {sum(1 for p in OUT.rglob('*') if p.is_file())} files; regressions to "
          f"{OUT.parent / 'regressions'}")


if __name__ == "__main__":
    main()
