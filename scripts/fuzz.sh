#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Builds the ONNX importer fuzzer (clang-22, libFuzzer + ASan + UBSan) into
# build-asan/ and runs it for SECONDS (default 60) on a corpus seeded with
# the test models and Debian's ONNX conformance models. Exits non-zero on any
# crash, sanitizer report, leak or time-out; prints the execution count.
#
#   scripts/fuzz.sh            # 60 s
#   scripts/fuzz.sh 600        # 10 min
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RUN="${1:-60}"
FUZZ_DIR="${FUZZ_BUILD_DIR:-$ROOT/build-asan}"
MODELS_DIR="${MCUNET_MODELS_DIR:-$ROOT/../shared/models}"
TESTDATA=/usr/share/libonnx-testdata/data/node

if [[ ! -f "$FUZZ_DIR/build.ninja" ]]; then
  cmake -G Ninja -S "$ROOT" -B "$FUZZ_DIR" \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DMCUNET_ENABLE_FUZZER=ON >/dev/null
fi
ninja -C "$FUZZ_DIR" -j"$(nproc)" mcunet-import-fuzzer

CORPUS="$FUZZ_DIR/corpus"
SEEDS="$FUZZ_DIR/seeds"
mkdir -p "$CORPUS" "$SEEDS"
# Seeds: every model we can find (the fuzzer reads each once).
if [[ -d "$MODELS_DIR" ]]; then
  for m in "$MODELS_DIR"/*/model.onnx; do
    [[ -f "$m" ]] && cp -f "$m" "$SEEDS/$(basename "$(dirname "$m")").onnx"
  done
fi
if [[ -d "$TESTDATA" ]]; then
  for m in "$TESTDATA"/*/model.onnx; do
    cp -f "$m" "$SEEDS/$(basename "$(dirname "$m")").onnx"
  done
fi
for t in "$ROOT"/test/Target/ONNX/*.onnxtxt; do
  [[ -f "$t" ]] && cp -f "$t" "$SEEDS/"
done

LOG="$FUZZ_DIR/fuzz.log"
set +e
"$FUZZ_DIR/bin/mcunet-import-fuzzer" "$CORPUS" "$SEEDS" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=20 -rss_limit_mb=4096 \
  -max_len=2000000 -print_final_stats=1 -artifact_prefix="$FUZZ_DIR/" \
  >"$LOG" 2>&1
rc=$?
set -e
execs=$(grep -E "^stat::number_of_executed_units" "$LOG" | awk '{print $2}')
echo "fuzz: ${SECONDS_TO_RUN}s, ${execs:-?} executions, exit code $rc (log: $LOG)"
if [[ $rc -ne 0 ]]; then
  grep -E "ERROR|SUMMARY|artifact|Test unit written" "$LOG" | head -20
  exit 1
fi
