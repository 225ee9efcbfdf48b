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
# reported); then TinyNAS: a short search and training on Fashion-MNIST for
# 16 KB SRAM / 64 KB flash, export, compile, the int8 accuracy of the
# generated C on the test set and its Cortex-M7 instructions (DEMO_NAS=0
# skips it). Needs nothing outside this repository and Debian.
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

echo
echo "== 5. TinyNAS: search, train and compile a network for 16 KB SRAM / 64 KB flash"
# A short run on Fashion-MNIST (Debian's dataset-fashion-mnist): the search
# space chosen with the compiler in the loop, the super network trained on
# 8,000 images (1 epoch on the largest subnet, 1 with sampled subnets), a
# 3-generation evolution search where only subnets that fit are candidates,
# one fine-tuning epoch, int8 export, the generated C on the 10,000 test
# images and Cortex-M7 instructions under QEMU. A few minutes on 2 cores;
# scripts/nas-experiment.sh is the full experiment (docs/nas.md).
if [[ "${DEMO_NAS:-1}" == 0 ]]; then
  echo "   (skipped: DEMO_NAS=0)"
  exit 0
fi
if "$BUILD_DIR/bin/mcunet-nas" train -o "$OUT/nas-probe" 2>&1 |
  grep -q 'without LibTorch'; then
  echo "   (skipped: mcunet-nas was built without LibTorch)"
  exit 0
fi
NASDIR="$OUT/nas"
cat >"$OUT/nas.json" <<JSON
{
  "dir": "$NASDIR",
  "common": ["--train-limit", "8000", "--val-size", "1000", "-q"],
  "stages": [
    ["space", "--sram", "16KB", "--flash", "64KB", "--stage-channels", "16,24,32,48",
     "--stage-strides", "2,2,2,1", "--widths", "0.25,0.35", "--resolutions", "24,28",
     "--samples", "100"],
    ["train", "--epochs", "2", "--largest-epochs", "1"],
    ["search", "--population", "12", "--parents", "4", "--crossover", "6",
     "--mutation", "6", "--generations", "3"],
    ["finetune", "--epochs", "1"],
    ["export"]
  ]
}
JSON
"$BUILD_DIR/bin/mcunet-nas" run --config "$OUT/nas.json" 2>&1 |
  grep -E '^(space: chosen|train:|search: best|finetune:|export:)' |
  sed 's/^/   /'
head -c "$(sed -n 's/^#define MODEL_INPUT_SIZE \([0-9]*\)u/\1/p' "$NASDIR/c/model.h")" \
  "$NASDIR/c/test_input.bin" >"$NASDIR/c/first_input.bin"
if command -v qemu-system-arm >/dev/null &&
  [[ -f "$BUILD_DIR/lib/libmcunet_insn_count.so" ]]; then
  /usr/bin/python3 "$ROOT/bench/mcu-bench.py" --gen "$NASDIR/c" \
    --plugin "$BUILD_DIR/lib/libmcunet_insn_count.so" --target cortex-m7 \
    --input "$NASDIR/c/first_input.bin" --work "$NASDIR/bench" |
    tail -1 | sed 's/^/   /'
fi
echo "   the searched model: $NASDIR/model.onnx, its C: $NASDIR/c/, the search:"
echo "   $NASDIR/pareto.svg and $NASDIR/search.jsonl"
