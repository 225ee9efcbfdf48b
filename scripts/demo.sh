#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The main job on the default model: sets up and builds mcunet if needed,
# compiles the repository's own demo model (docs/examples/tiny_cnn_qdq.onnxtxt,
# an int8 QDQ MobileNetV2-style CNN made by scripts/make-demo-model.py) to C,
# builds that C for the host, runs one inference and prints the output and
# the memory/flash report.
#
#   scripts/demo.sh [model.onnx|model.onnxtxt]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
MODEL="${1:-$ROOT/docs/examples/tiny_cnn_qdq.onnxtxt}"
OUT="${DEMO_OUT:-$ROOT/build/demo}"

if [[ ! -x "$BUILD_DIR/bin/mcunet-compile" ]]; then
  "$ROOT/scripts/setup.sh"
fi
rm -rf "$OUT"
mkdir -p "$OUT"

echo "== 1. mcunet-compile $(basename "$MODEL") (ONNX -> te dialect -> C)"
"$BUILD_DIR/bin/mcunet-compile" "$MODEL" -o "$OUT/c" --target cortex-m7
echo
echo "   generated: $(cd "$OUT/c" && ls model.h model.c model_weights.c report.json | tr '\n' ' ')"

echo
echo "== 2. one layer of the generated model.c, as an embedded engineer reads it"
echo "   /*"
sed -n '/^ \* Layer 2:/,/^}$/p' "$OUT/c/model.c" | sed 's/^/   /'
echo "   ..."
grep -A30 '^int model_run' "$OUT/c/model.c" | grep -v '_TRACE(' | sed 's/^/   /'


echo
echo "== 3. build the C for the host and run one inference"
cc -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror -I"$OUT/c" \
  "$OUT/c/model.c" "$OUT/c/model_weights.c" \
  "$ROOT/test/Target/C/Inputs/run_model.c" -o "$OUT/run_model"
# A deterministic input: a diagonal gradient over the image, int8.
size=$(awk '/#define MODEL_INPUT_SIZE/ {print $3+0}' "$OUT/c/model.h")
awk -v n="$size" 'BEGIN { for (i = 0; i < n; i++) printf "%c", (i * 7) % 256 }' \
  > "$OUT/input.bin"
"$OUT/run_model" "$OUT/input.bin" "$OUT/output.bin"
echo "   output (int8): $(od -An -td1 -v "$OUT/output.bin" | tr -s ' ')"
echo "   (class probabilities: (q + 128) / 256; the report above gives the"
echo "   SRAM and flash this inference needs on a Cortex-M7)"

