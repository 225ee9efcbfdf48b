#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs every mcunet test. Sets up and builds if needed (scripts/setup.sh
# --asan), then:
#   1. build-asan/ (clang-22, ASan + UBSan): the lit suite, the unit tests
#      and a 60 s fuzzing run of the ONNX importer;
#   2. build/ (g++, Release): everything (lit, unit, ONNX conformance, the
#      ONNX Runtime oracle on 50 random models, the memory property test,
#      the Cortex-M benchmarks under QEMU, the Python package's pytest).
# Exits non-zero on any failure.
#
#   scripts/test.sh
#   MCUNET_MODELS_DIR=/path scripts/test.sh   # another folder of test models
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
ASAN_DIR="${ASAN_BUILD_DIR:-$ROOT/build-asan}"

if [[ -n "${MCUNET_MODELS_DIR:-}" ]]; then
  export CMAKE_ARGS="${CMAKE_ARGS:-} -DMCUNET_MODELS_DIR=$MCUNET_MODELS_DIR"
  for dir in "$BUILD_DIR" "$ASAN_DIR"; do
    if [[ -f "$dir/build.ninja" ]]; then
      cmake "$dir" -DMCUNET_MODELS_DIR="$MCUNET_MODELS_DIR" >/dev/null
    fi
  done
fi

"$ROOT/scripts/setup.sh" --asan

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

echo "== sanitizer build: lit, unit tests, fuzzing"
(cd "$ASAN_DIR" && ctest --output-on-failure -j"$(nproc)" -L 'lit|unit|fuzz')

echo "== release build: all tests"
cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)"
