#!/usr/bin/env bash
# check_install.sh BUILD_DIR [--report FILE] — `make install` into a scratch prefix, then a user's
# program (tests/install/embed_sentences.cc) compiled as C++17 with nothing but
# `pkg-config --cflags --libs simcse`, run on a small model; its cosine matrix must match what
# `simcse similarity` prints for the same sentences (to 1e-5: the installed library is built
# without -march=native, the binary with it). Also: the installed library has no AVX instruction
# (ymm registers), so it runs on any x86-64. One PASS/FAIL line per check in the report.
set -uo pipefail
build=${1:-build}
report=/dev/null
[[ ${2:-} == --report ]] && report=$3
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model=tests/fixtures/encoder/one_layer_relu
result() { echo "$1 install: $2"; echo "$1 install: $2" >> "$report"; }

if ! make --no-print-directory -s install BUILD="$build" PREFIX="$work/prefix" > "$work/install.log" 2>&1; then
  cat "$work/install.log"; result FAIL "make install"; exit 1
fi
result PASS "make install PREFIX=... (libsimcse.a, include/simcse/simcse.h, lib/pkgconfig/simcse.pc)"

if objdump -d "$work/prefix/lib/libsimcse.a" | grep -q '%ymm'; then
  result FAIL "the installed libsimcse.a uses AVX registers (built with -march=native?)"
else
  result PASS "the installed libsimcse.a has no AVX instruction (portable x86-64)"
fi

flags=$(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs simcse)
if ! ${CXX:-g++} -std=c++17 -Wall -Wextra tests/install/embed_sentences.cc $flags -o "$work/embed" 2> "$work/compile.log"; then
  cat "$work/compile.log"; result FAIL "compile a program with pkg-config --cflags --libs simcse"; exit 1
fi
result PASS "a C++17 program compiles and links with pkg-config --cflags --libs simcse alone"

if ! "$work/embed" "$model" avg > "$work/library.tsv" 2> "$work/embed.log"; then
  cat "$work/embed.log"
  result FAIL "the installed program runs"; exit 1
fi
# The same nine cosines from the simcse binary: every sentence against every sentence, as pairs.
sentences=("a man is playing guitar" "a woman is riding a horse" "a dog is running")
for a in "${sentences[@]}"; do for b in "${sentences[@]}"; do echo "$a" >> "$work/a.txt"; echo "$b" >> "$work/b.txt"; done; done
"$build/simcse" similarity --model "$model" --pooler avg --a "$work/a.txt" --b "$work/b.txt" --pairs --output - \
  2> /dev/null | cut -f1 > "$work/binary.txt"
tr '\t' '\n' < "$work/library.tsv" > "$work/library.txt"
worst=$(paste "$work/library.txt" "$work/binary.txt" |
        awk '{d = $1 - $2; if (d < 0) d = -d; if (d > w) w = d} END {if (NR != 9) print "rows:" NR; else printf "%.2e", w}')
if [[ $worst =~ ^[0-9.e+-]+$ ]] && awk -v w="$worst" 'BEGIN {exit !(w <= 1e-5)}'; then
  result PASS "the installed library's cosines match simcse similarity (max difference $worst)"
else
  result FAIL "the installed library's cosines differ from simcse similarity ($worst)"
fi
