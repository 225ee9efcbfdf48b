#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The main job on the default model, end to end: sets up and builds mcunet
# if needed, makes the default model with the project's own generator (a
# fixed-seed int8 QDQ MobileNetV2-style network from the MCUNet search
# space: stride-2 stem, inverted bottlenecks with a residual add, a
# concatenation of branches, pooling, a fully connected head and softmax),
# compiles it to C for a Cortex-M7 and prints the memory/flash report, shows
# one generated layer, builds the C for the host, runs it, and checks it
# against ONNX Runtime (every layer within one unit, the end-to-end match
# reported). Needs nothing outside this repository.
#
#   scripts/demo.sh                 # the default model (seed 32)
#   DEMO_SEED=7 scripts/demo.sh     # another generated model
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SEED="${DEMO_SEED:-32}"
OUT="$BUILD_DIR/demo"

if [[ ! -x "$BUILD_DIR/bin/mcunet-compile" ]]; then
  "$ROOT/scripts/setup.sh"
fi
rm -rf "$OUT"
mkdir -p "$OUT"

echo "== 1. the default model: python/mcunet_testgen/genmodel.py --seed $SEED"
/usr/bin/python3 "$ROOT/python/mcunet_testgen/genmodel.py" --seed "$SEED" \
  --out "$OUT/model"
echo "   $OUT/model/model.onnx ($(wc -c <"$OUT/model/model.onnx") bytes, int8 QDQ, opset 13)"

echo
echo "== 2. mcunet-compile: ONNX -> te dialect -> C for a Cortex-M7"
"$BUILD_DIR/bin/mcunet-compile" "$OUT/model/model.onnx" -o "$OUT/model/c" \
  --target cortex-m7 --memory-report="$OUT/model/c/memory.svg" | sed 's/^/   /'
echo "   memory plan drawn in $OUT/model/c/memory.svg (live bytes per layer, arena layout)"

echo
echo "== 3. one layer of the generated model.c, as an embedded engineer reads it"
echo "   /*"
sed -n '/^ \* Layer 3:/,/^}$/p' "$OUT/model/c/model.c" | sed 's/^/   /'
echo "   ... and the invoke function, a flat list of calls over the arena:"
sed -n '/^int model_invoke/,/^}$/p' "$OUT/model/c/model.c" | grep -v '_TRACE(' |
  sed 's/^/   /'

echo
echo "== 4. build the C for the host, run one inference, check it against ONNX Runtime"
# (the JSON summary of the oracle is left out here; it is in
# $OUT/oracle/summary.json)
"$ROOT/scripts/ort-oracle.sh" --models 1 --seed "$SEED" --work "$OUT/oracle" \
  --verbose | awk '/^\{/ {skip = 1} !skip {print "   " $0} /^\}/ {skip = 0}'
echo "   (per layer: max |difference| to ONNX Runtime fed with our own input of"
echo "   that layer; ORT requantizes in float, mcunet in TFLite's fixed point)"
echo "   our output (int8 softmax, (q + 128) / 256 = probability):" \
  "$(od -An -td1 -v "$OUT/oracle/seed_$SEED/output.bin" | tr -s ' ')"
