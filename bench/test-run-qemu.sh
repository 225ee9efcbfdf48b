#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `mcunet-compile --run-qemu` end to end on one small model and both cores:
# exit 0 and a qemu.json with the documented keys and a matching output.
# Skipped (77) without qemu-system-arm, arm-none-eabi-gcc or the model.
#
#   test-run-qemu.sh MCUNET_COMPILE MODEL_DIR WORK_DIR
set -euo pipefail
compile="$1" model="$2" work="$3"
for tool in qemu-system-arm arm-none-eabi-gcc python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done
[[ -f "$model/model.onnx" ]] || { echo "SKIP: no $model/model.onnx"; exit 77; }
for target in cortex-m7 cortex-m4; do
  out="$work/$target"
  rm -rf "$out"
  "$compile" "$model/model.onnx" -o "$out" --target "$target" --run-qemu \
    --qemu-input "$model/input_0.bin" -q
  python3 - "$out/qemu.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for key in ("instructions", "macs", "flash_code_bytes", "flash_weights_bytes",
            "arena_bytes", "stack_bytes", "output_matches_host", "layers"):
    assert key in d, key
assert d["output_matches_host"] is True
assert d["instructions"] > 0 and d["flash_code_bytes"] > 0 and d["layers"]
assert all(l["instructions"] > 0 for l in d["layers"])
print("%s: ok (%d instructions)" % (sys.argv[1], d["instructions"]))
PY
  [[ -s "$out/qemu.md" ]]
done
