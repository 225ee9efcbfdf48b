#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs every mcunet test: sets up and builds if needed, then ctest (the lit
# suite and the GoogleTest unit tests). Exits non-zero on any failure.
#
#   scripts/test.sh                 # all tests
#   MCUNET_MODELS_DIR=/path scripts/test.sh   # another folder of test models
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

if [[ -n "${MCUNET_MODELS_DIR:-}" ]]; then
  export CMAKE_ARGS="${CMAKE_ARGS:-} -DMCUNET_MODELS_DIR=$MCUNET_MODELS_DIR"
  if [[ -f "$BUILD_DIR/build.ninja" ]]; then
    cmake "$BUILD_DIR" -DMCUNET_MODELS_DIR="$MCUNET_MODELS_DIR" >/dev/null
  fi
fi

"$ROOT/scripts/setup.sh"

cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)"
