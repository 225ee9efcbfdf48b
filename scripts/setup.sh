#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs the Debian packages mcunet needs (only those missing), then
# configures and builds the project into build/ (g++, Release, warnings are
# errors). Idempotent: safe to run on a machine that already has everything.
#
#   scripts/setup.sh          # build/
#   scripts/setup.sh --asan   # also build-asan/: clang-22 with AddressSanitizer,
#                             # UndefinedBehaviorSanitizer and the libFuzzer
#                             # target (what scripts/test.sh runs too)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
ASAN_DIR="${ASAN_BUILD_DIR:-$ROOT/build-asan}"
JOBS="${JOBS:-$(nproc)}"
WITH_ASAN=0
for arg in "$@"; do
  case "$arg" in
    --asan) WITH_ASAN=1 ;;
    *) echo "setup: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

PACKAGES=(
  build-essential cmake ninja-build git
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  clang-22 libclang-rt-22-dev libfuzzer-22-dev
  libonnx-dev protobuf-compiler libprotobuf-dev libonnx-testdata
  libgtest-dev zlib1g-dev
  gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  python3-numpy python3-onnx python3-dev pybind11-dev python3-pytest
  python3-torch dataset-fashion-mnist libtorch-dev libgloo-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# node and npm run the ONNX Runtime oracle (npm onnxruntime-node); the
# machine image usually has a newer node than Debian's, so only install
# Debian's when there is none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#PACKAGES[@]} system packages present"
fi

configure() { # dir, extra cmake args...
  local dir="$1"; shift
  if [[ ! -f "$dir/build.ninja" ]]; then
    cmake -G Ninja -S "$ROOT" -B "$dir" \
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
      -DCMAKE_BUILD_TYPE=Release -DMCUNET_WERROR=ON "$@" ${CMAKE_ARGS:-}
  fi
}

configure "$BUILD_DIR" -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
ninja -C "$BUILD_DIR" -j"$JOBS"
echo "setup: build ready in $BUILD_DIR"

if ((WITH_ASAN)); then
  configure "$ASAN_DIR" -DCMAKE_C_COMPILER=clang-22 \
    -DCMAKE_CXX_COMPILER=clang++-22 -DMCUNET_ENABLE_FUZZER=ON
  ninja -C "$ASAN_DIR" -j"$JOBS"
  echo "setup: sanitizer + fuzzer build ready in $ASAN_DIR"
fi
