#!/usr/bin/env bash
# install_deps.sh — `make deps`: installs the Debian packages the project needs, and nothing from
# anywhere else. Quiet and quick when everything is present; runs `apt-get update` only when
# something is missing; uses sudo when not root. Later capabilities add their packages here.
set -euo pipefail

packages=(
  g++ make                 # compiler (with OpenMP) and build
  ccache                   # a rebuild of unchanged sources is a cache hit (the Makefile uses it when present)
  libeigen3-dev            # CPU backend: GEMM and matrix maps
  libopenblas-dev          # CPU backend: the alternative GEMM (SIMCSE_GEMM=openblas)
  nlohmann-json3-dev       # config.json, safetensors headers, fixtures
  libgtest-dev             # unit tests
  libcli11-dev             # the simcse command line
  libutf8proc-dev          # tokenizer: Unicode categories and normalisation
  gnuplot-nox              # simcse analyze: the PNG plots (without it, CSVs and .gp scripts only)
  zlib1g-dev               # pytorch_model.bin: the CRC-32 of each zip entry
  libssl-dev               # run records: SHA-256 of the training data (OpenSSL's EVP)
  clang libclang-rt-14-dev # make fuzz: libFuzzer targets under ASan + UBSan (tests/fuzz/)
  libopenmpi-dev openmpi-bin  # data-parallel training: mpirun -np N build/simcse train ...
  libfaiss-dev             # search indexes: FAISS IndexFlatIP / IndexIVFFlat (simcse index build --faiss)
  libcpp-httplib-dev       # simcse serve: the HTTP server (and the test's client)
  chromium                 # make test drives the search page in headless Chromium (tests/test_serve.cc)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
echo "make deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
