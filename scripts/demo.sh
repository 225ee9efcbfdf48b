#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The main job on the default model: sets up and builds mcunet if needed,
# imports the repository's own demo model (docs/examples/tiny_cnn_qdq.onnxtxt,
# an int8 QDQ MobileNetV2-style CNN made by scripts/make-demo-model.py),
# runs the default pipeline and prints the te IR and a summary of its ops.
# C emission, the run and the memory/flash/latency report join here as the
# corresponding issues land.
#
#   scripts/demo.sh [model.onnx|model.onnxtxt]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
MODEL="${1:-$ROOT/docs/examples/tiny_cnn_qdq.onnxtxt}"

if [[ ! -x "$BUILD_DIR/bin/mcunet-translate" ]]; then
  "$ROOT/scripts/setup.sh"
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "== 1. import $(basename "$MODEL") (ONNX -> te dialect)"
"$BUILD_DIR/bin/mcunet-translate" --import-onnx "$MODEL" -o "$OUT/imported.mlir"
echo "   $(grep -c '^ *%' "$OUT/imported.mlir") ops imported"

echo "== 2. mcunet-opt --te-default-pipeline (canonicalize, fuse activations, CSE)"
"$BUILD_DIR/bin/mcunet-opt" --te-default-pipeline "$OUT/imported.mlir" \
  -o "$OUT/model.mlir"

echo "== 3. the compiled model (weights elided)"
"$BUILD_DIR/bin/mcunet-opt" --mlir-elide-elementsattrs-if-larger=8 \
  "$OUT/model.mlir" | grep -v ' = te.constant '

echo "== 4. summary"
grep -o 'te\.[a-z_0-9]*' "$OUT/model.mlir" | grep -v 'te\.name' | sort |
  uniq -c | awk '{printf "   %-22s %s\n", $2, $1}'
