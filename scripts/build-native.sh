#!/usr/bin/env bash
# Builds the optional OpenBLAS kernel addon (native/*.cc -> native/build/blas.node)
# with g++ against Node's headers. Idempotent (skips when the addon is newer than
# its source) and never fails setup: without a compiler, headers or OpenBLAS it
# prints one notice and exits 0, and the toolkit uses the plain wasm kernels.
set -uo pipefail
cd "$(dirname "$0")/.."
out=native/build/blas.node
fresh=1
for f in native/*.cc native/*.h "$0"; do
  [ -f "$out" ] && [ "$out" -nt "$f" ] || fresh=0
done
[ "$fresh" = 1 ] && exit 0
nodeinc=""
for d in "$(dirname "$(dirname "$(command -v node)")")/include/node" /usr/include/node /usr/local/include/node; do
  if [ -f "$d/node_api.h" ]; then nodeinc="$d"; break; fi
done
blasinc=""
for d in /usr/include/x86_64-linux-gnu /usr/include/openblas /usr/include; do
  if [ -f "$d/cblas.h" ]; then blasinc="$d"; break; fi
done
if ! command -v g++ >/dev/null || [ -z "$nodeinc" ] || [ -z "$blasinc" ]; then
  echo "notice: OpenBLAS addon not built (need g++, Node headers and libopenblas-dev); using plain wasm matmuls"
  exit 0
fi
mkdir -p native/build
# vecmath.cc alone gets -ffast-math -march=native (vectorised exp/erf via libmvec
# and reassociated row sums, see native/vecmath.h; the addon is built on the
# machine that runs it); -march=native falls back to
# generic x86-64 code if the compiler rejects it.
arch=-march=native
g++ $arch -x c++ -E - </dev/null >/dev/null 2>&1 || arch=""
if g++ -O3 -ffast-math $arch -std=c++17 -fPIC -c native/vecmath.cc -o native/build/vecmath.o 2>native/build/build.log &&
   g++ -O2 -std=c++17 -shared -fPIC -DNODE_GYP_MODULE_NAME=blas -DNAPI_VERSION=8 \
    -I"$nodeinc" -I"$blasinc" native/blas.cc native/parallel.cc native/build/vecmath.o -o "$out.tmp" -lopenblas -lmvec -lm -pthread 2>>native/build/build.log; then
  mv "$out.tmp" "$out"
  echo "built $out"
else
  rm -f "$out.tmp"
  echo "notice: OpenBLAS addon failed to compile (see native/build/build.log); using plain wasm matmuls"
fi
exit 0
