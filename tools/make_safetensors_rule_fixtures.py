#!/usr/bin/env python3
"""make_safetensors_rule_fixtures.py — small safetensors files at the edges of the format's rules,
each with the verdict of the reference reader (the safetensors library, as transformers opens
files: safe_open), for tests/test_safetensors_rules.cc.

Writes tests/fixtures/safetensors_rules/:

  <case>.safetensors   one file per case below
  verdicts.json        {case: {"loads": true, "tensors": {name: shape}} or {"loads": false, "error": ...}}

The C++ reader must accept exactly the files the reference accepts, with the same tensors: a
zero-length tensor at [0, 0] loads; trailing bytes after the last tensor, a gap between tensors,
and a "__metadata__" that is not an object of strings are refused.

Usage: python3 tools/make_safetensors_rule_fixtures.py   (needs the safetensors package and torch)
"""
import json
import pathlib
import struct

import safetensors
import torch
from safetensors import safe_open
from safetensors.torch import save_file

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "safetensors_rules"


def with_header(header, data, raw_header=None):
    text = raw_header if raw_header is not None else json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(text)) + text + data


def f32(name, shape, begin, end):
    return {name: {"dtype": "F32", "shape": shape, "data_offsets": [begin, end]}}


def merge(*entries):
    header = {}
    for entry in entries:
        header.update(entry)
    return header


def cases():
    eight = b"\x00\x00\x80?\x00\x00\x00@"  # 1.0f, 2.0f
    yield "zero_length_first", with_header(merge(f32("empty", [0], 0, 0), f32("w", [2], 0, 8)), eight)
    # The same, with the zero-length tensor's name sorting after the other's.
    yield "zero_length_first_named_last", with_header(merge(f32("w", [2], 0, 8), f32("z", [0], 0, 0)), eight)
    yield "zero_length_last", with_header(merge(f32("w", [2], 0, 8), f32("z", [3, 0], 8, 8)), eight)
    yield "zero_length_only", with_header(f32("z", [0, 4], 0, 0), b"")
    yield "empty_header", with_header({}, b"")
    yield "empty_header_trailing_byte", with_header({}, b"x")
    yield "trailing_bytes", with_header(f32("w", [2], 0, 8), eight + b"\x00")
    yield "gap_between_tensors", with_header(merge(f32("a", [1], 0, 4), f32("b", [1], 8, 12)), eight + eight[:4])
    yield "first_not_at_zero", with_header(f32("w", [1], 4, 8), eight)
    yield "overlap", with_header(merge(f32("a", [2], 0, 8), f32("b", [1], 4, 8)), eight)
    yield "same_range_twice", with_header(merge(f32("a", [2], 0, 8), f32("b", [2], 0, 8)), eight)
    yield "metadata_strings", with_header(merge({"__metadata__": {"format": "pt"}}, f32("w", [2], 0, 8)), eight)
    yield "metadata_null", with_header(merge({"__metadata__": None}, f32("w", [2], 0, 8)), eight)
    yield "metadata_list", with_header(merge({"__metadata__": ["pt"]}, f32("w", [2], 0, 8)), eight)
    yield "metadata_string", with_header(merge({"__metadata__": "pt"}, f32("w", [2], 0, 8)), eight)
    yield "metadata_number_value", with_header(merge({"__metadata__": {"a": 1}}, f32("w", [2], 0, 8)), eight)
    yield "metadata_object_value", with_header(merge({"__metadata__": {"a": {}}}, f32("w", [2], 0, 8)), eight)
    yield "extra_field", with_header({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8], "x": 1}}, eight)
    yield "three_offsets", with_header({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8, 8]}}, eight)
    yield "float_in_shape", with_header({"w": {"dtype": "F32", "shape": [2.0], "data_offsets": [0, 8]}}, eight)
    yield "unknown_dtype", with_header({"w": {"dtype": "F9", "shape": [2], "data_offsets": [0, 8]}}, eight)
    yield "dtype_f4", with_header({"w": {"dtype": "F4", "shape": [4], "data_offsets": [0, 2]}}, eight[:2])
    yield "dtype_f4_half_byte", with_header({"w": {"dtype": "F4", "shape": [3], "data_offsets": [0, 2]}}, eight[:2])
    yield "dtype_f8_e8m0", with_header({"w": {"dtype": "F8_E8M0", "shape": [2], "data_offsets": [0, 2]}}, eight[:2])
    yield "size_mismatch", with_header(f32("w", [3], 0, 8), eight)
    yield "shape_overflow", with_header(f32("w", [1 << 40, 1 << 40, 1 << 40], 0, 0), b"")
    yield "leading_spaces", with_header(None, eight, b"   " + json.dumps(f32("w", [2], 0, 8)).encode())
    yield "duplicate_name_last_wins", with_header(
        None, eight, b'{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                     b'"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}')
    yield "invalid_utf8_name", with_header(None, eight, b'{"w\xff":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}')
    yield "header_not_object", with_header(None, b"", b"[1, 2]")
    yield "header_past_end", struct.pack("<Q", 64) + b"{}"
    # serde_json, which the reference parses with, allows 127 levels of arrays and objects (its
    # recursion limit is 128); the tensor's entry and the header are 2 of them.
    for levels in (127, 128):
        deep = b"[" * (levels - 2) + b"0" + b"]" * (levels - 2)
        yield f"nested_{levels}_levels", with_header(
            None, eight, b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":' + deep + b"}}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*.safetensors"):
        stale.unlink()
    verdicts = {}
    for name, data in cases():
        path = OUT / f"{name}.safetensors"
        path.write_bytes(data)
        try:
            with safe_open(str(path), framework="pt") as f:
                tensors = {key: list(f.get_slice(key).get_shape()) for key in f.keys()}
            verdicts[name] = {"loads": True, "tensors": tensors}
        except Exception as error:  # the reference refuses the file
            verdicts[name] = {"loads": False, "error": str(error)}
    # A file the library itself writes, with a zero-length tensor among others.
    save_file({"a_empty": torch.zeros(0), "w": torch.ones(2, 3)}, str(OUT / "written_by_library.safetensors"))
    with safe_open(str(OUT / "written_by_library.safetensors"), framework="pt") as f:
        verdicts["written_by_library"] = {"loads": True,
                                          "tensors": {key: list(f.get_slice(key).get_shape()) for key in f.keys()}}
    (OUT / "verdicts.json").write_text(json.dumps(verdicts, indent=1, sort_keys=True) + "\n")
    print(f"safetensors {safetensors.__version__}: {sum(v['loads'] for v in verdicts.values())} of {len(verdicts)} "
          f"cases load, written to {OUT}")


if __name__ == "__main__":
    main()
