#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The TinyNAS experiment of docs/nas.md: Fashion-MNIST under two budgets
# (64 KB SRAM / 256 KB flash and 16 KB / 64 KB). For each: search-space
# optimization, super-network training, evolution search, fine-tuning of the
# winner, a MobileNetV2 scaled (width, resolution) to the same budget and
# trained for as many epochs as the searched model got in all (super network
# + fine-tuning), int8 export of both, the generated C run on all 10,000
# test images, Cortex-M7 instructions under QEMU. Prints the table of
# docs/nas.md (also written to OUT/table.md).
#
#   scripts/nas-experiment.sh                 # OUT=build/nas-experiment
#   BUDGETS=sram16k scripts/nas-experiment.sh   # one budget
#   SUPER_EPOCHS=6 GENERATIONS=30 POPULATION=100 PARENTS=20 CHILDREN=50 scripts/nas-experiment.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
OUT="${OUT:-$BUILD_DIR/nas-experiment}"
NAS="$BUILD_DIR/bin/mcunet-nas"
# Sized to run on 2 cores in about two hours (both budgets); the stages'
# own defaults are MCUNet's (population 100, 20 parents, 50 + 50 children,
# 30 generations).
SUPER_EPOCHS="${SUPER_EPOCHS:-3}"
FT_EPOCHS="${FT_EPOCHS:-2}"
POPULATION="${POPULATION:-40}"
PARENTS="${PARENTS:-10}"
CHILDREN="${CHILDREN:-20}"
GENERATIONS="${GENERATIONS:-8}"
VAL_SIZE="${VAL_SIZE:-2000}"
SAMPLES="${SAMPLES:-300}"
BASE_EPOCHS=$((SUPER_EPOCHS + FT_EPOCHS))

if [[ ! -x "$NAS" ]]; then
  "$ROOT/scripts/setup.sh"
fi
mkdir -p "$OUT"
start=$(date +%s)

run_budget() {
  local name="$1" sram="$2" flash="$3" channels="$4" strides="$5" widths="$6" \
    resolutions="$7" code="$8" divisor="$9"
  local dir="$OUT/$name"
  mkdir -p "$dir"
  echo "== $name: $sram SRAM, $flash flash"
  "$NAS" space -o "$dir" --sram "$sram" --flash "$flash" \
    --stage-channels "$channels" --stage-strides "$strides" \
    --widths "$widths" --resolutions "$resolutions" --samples "$SAMPLES" \
    --code-reserve "$code" -q | tail -2
  "$NAS" train -o "$dir" --epochs "$SUPER_EPOCHS" --val-size "$VAL_SIZE"
  "$NAS" search -o "$dir" --val-size "$VAL_SIZE" --population "$POPULATION" \
    --parents "$PARENTS" --crossover "$CHILDREN" --mutation "$CHILDREN" \
    --generations "$GENERATIONS"
  "$NAS" finetune -o "$dir" --epochs "$FT_EPOCHS" --val-size "$VAL_SIZE"
  "$NAS" baseline -o "$dir" --epochs "$BASE_EPOCHS" --val-size "$VAL_SIZE" \
    --resolutions "$resolutions" --divisor "$divisor" \
    --widths 0.05,0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.5,0.6,0.75,1.0
  "$NAS" export -o "$dir" --val-size "$VAL_SIZE"
  "$NAS" export -o "$dir" --val-size "$VAL_SIZE" --model baseline
  for m in c baseline_c; do
    head -c "$(sed -n 's/^#define MODEL_INPUT_SIZE \([0-9]*\)u/\1/p' "$dir/$m/model.h")" \
      "$dir/$m/test_input.bin" >"$dir/$m/first_input.bin"
    python3 "$ROOT/bench/mcu-bench.py" --gen "$dir/$m" \
      --plugin "$BUILD_DIR/lib/libmcunet_insn_count.so" --target cortex-m7 \
      --input "$dir/$m/first_input.bin" --work "$dir/$m-bench" \
      --json "$dir/$m-qemu.json" | tail -1
  done
}

# name sram flash stage-channels stage-strides widths resolutions code-reserve
# baseline-channel-divisor (MobileNetV2 rounds channels to multiples of 8; at
# 64 KB flash not even width 0.05 fits that way, so the 16 KB baseline
# rounds to multiples of 4)
BUDGETS="${BUDGETS:-sram64k sram16k}"
dirs=()
for b in $BUDGETS; do
  case "$b" in
    sram64k) run_budget sram64k 64KB 256KB 16,24,40,64 2,2,2,1 \
      0.5,0.75,1.0 24,28 40KB 8 ;;
    sram16k) run_budget sram16k 16KB 64KB 16,24,32,48 2,2,2,1 \
      0.25,0.35,0.5,0.75 20,24,28 24KB 4 ;;
    *) echo "nas-experiment: unknown budget $b (sram64k, sram16k)" >&2; exit 2 ;;
  esac
  dirs+=("$OUT/$b")
done

python3 "$ROOT/scripts/nas-table.py" "${dirs[@]}" | tee "$OUT/table.md"
echo "nas-experiment: $(( ($(date +%s) - start) / 60 )) minutes"
