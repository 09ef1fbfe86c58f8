#!/usr/bin/env bash
# install_library.sh LIB PREFIX "LINK FLAGS" — `make install`: copies the portable float32 library to
# PREFIX/lib/libsimcse.a, the public header src/simcse.h to PREFIX/include/simcse/simcse.h, and
# writes PREFIX/lib/pkgconfig/simcse.pc, so that `pkg-config --cflags --libs simcse` (with
# PKG_CONFIG_PATH=PREFIX/lib/pkgconfig) gives everything a program needs to compile and link.
set -euo pipefail
lib=$1 prefix=$2 link_flags=$3
cd "$(dirname "$0")/.."
prefix=$(mkdir -p "$prefix" && cd "$prefix" && pwd)
install -d "$prefix/lib/pkgconfig" "$prefix/include/simcse"
install -m 644 "$lib" "$prefix/lib/libsimcse.a"
install -m 644 src/simcse.h "$prefix/include/simcse/simcse.h"
version=$(git describe --always --dirty 2>/dev/null || echo unknown)
# A static library: its dependencies (OpenMP, OpenBLAS, utf8proc, zlib, OpenSSL's libcrypto) go in
# Libs, since every program that links it needs them.
cat > "$prefix/lib/pkgconfig/simcse.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: simcse
Description: SimCSE sentence embeddings in C++ (float32): encode and similarity over model directories
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lsimcse $(echo $link_flags)
PC
echo "make install: $prefix/lib/libsimcse.a, $prefix/include/simcse/simcse.h, $prefix/lib/pkgconfig/simcse.pc"
