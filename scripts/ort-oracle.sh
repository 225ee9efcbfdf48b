#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The layer-wise ONNX Runtime oracle on random models (docs/oracle.md):
# generates N random int8 QDQ models from the MCUNet search space
# (python/mcunet_testgen/genmodel.py), compiles each with mcunet-compile,
# builds the C for the host with AddressSanitizer and
# UndefinedBehaviorSanitizer and a harness that dumps every layer output
# (python/mcunet_testgen/trace_harness.c), runs it, and checks every layer
# against ONNX Runtime fed with our own input tensors of that layer
# (python/mcunet_testgen/ort_oracle.js).
#
#   scripts/ort-oracle.sh                   # 50 models, seeds 1..50 (CI)
#   scripts/ort-oracle.sh --models 300      # the longer benchmark run
#   scripts/ort-oracle.sh --seed 1234 --models 1 --verbose   # one model
#
# Options:
#   --models N     how many models (50)
#   --seed S       the first seed; the models are seeds S..S+N-1 (1)
#   --jobs J       models compiled, built and run in parallel (2)
#   --build-dir D  the build tree ($BUILD_DIR, else build/): the tools are in
#                  D/bin, onnxruntime-node goes to D/ort, the models to
#                  D/ort-oracle
#   --work DIR     where the models and their outputs go
#                  (D/ort-oracle; its seed_* folders are removed first)
#   --tool-dir DIR where mcunet-compile is (D/bin)
#   --verbose      also print every layer's max difference
#
# onnxruntime-node (pinned in python/mcunet_testgen/package.json) is
# installed into D/ort with npm the first time (ONNXRUNTIME_NODE_INSTALL=skip:
# the CPU binaries ship in the package). Needs node, npm, python3 with numpy
# and onnx, and cc.
#
# Exit status: 0 when every model compiled, built, ran and every layer is
# within 1 unit of ONNX Runtime; 1 otherwise; 2 on bad usage or missing
# tools. The last line is "N passed, M failed" (N, M: models); a JSON summary
# is printed before it and written to WORK/summary.json.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
GEN_DIR="$ROOT/python/mcunet_testgen"
MODELS=50 SEED=1 JOBS=2 VERBOSE=0
WORK="" TOOL_DIR=""

usage() { sed -n '4,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "ort-oracle: $*" >&2; exit 2; }

while (($#)); do
  case "$1" in
  --models) MODELS="${2:?--models needs a number}"; shift 2 ;;
  --models=*) MODELS="${1#*=}"; shift ;;
  --seed) SEED="${2:?--seed needs a number}"; shift 2 ;;
  --seed=*) SEED="${1#*=}"; shift ;;
  --jobs | -j) JOBS="${2:?--jobs needs a number}"; shift 2 ;;
  --jobs=*) JOBS="${1#*=}"; shift ;;
  --build-dir) BUILD_DIR="${2:?--build-dir needs a directory}"; shift 2 ;;
  --build-dir=*) BUILD_DIR="${1#*=}"; shift ;;
  --work) WORK="${2:?--work needs a directory}"; shift 2 ;;
  --work=*) WORK="${1#*=}"; shift ;;
  --tool-dir) TOOL_DIR="${2:?--tool-dir needs a directory}"; shift 2 ;;
  --tool-dir=*) TOOL_DIR="${1#*=}"; shift ;;
  --verbose | -v) VERBOSE=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ "$MODELS" =~ ^[0-9]+$ && "$MODELS" -gt 0 ]] || die "--models needs a positive number"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "--seed needs a number"
[[ "$JOBS" =~ ^[0-9]+$ && "$JOBS" -gt 0 ]] || die "--jobs needs a positive number"
BUILD_DIR="$(realpath -m "$BUILD_DIR")"
TOOL_DIR="${TOOL_DIR:-$BUILD_DIR/bin}"
WORK="${WORK:-$BUILD_DIR/ort-oracle}"
ORT_DIR="$(realpath -m "${ORT_DIR:-$BUILD_DIR/ort}")"
PYTHON=/usr/bin/python3
[[ -x "$PYTHON" ]] || PYTHON=python3
CC="${CC:-cc}"

# --- prerequisites -----------------------------------------------------------
[[ -x "$TOOL_DIR/mcunet-compile" ]] || die "no $TOOL_DIR/mcunet-compile (build first)"
command -v node >/dev/null || die "node not found (Debian: apt-get install nodejs npm)"
command -v "$CC" >/dev/null || die "no C compiler '$CC'"
"$PYTHON" -c 'import numpy, onnx' 2>/dev/null ||
  die "$PYTHON cannot import numpy and onnx (Debian: python3-numpy python3-onnx)"

if ! cmp -s "$GEN_DIR/package.json" "$ORT_DIR/package.json" ||
   ! [[ -f "$ORT_DIR/node_modules/onnxruntime-node/package.json" ]]; then
  command -v npm >/dev/null || die "npm not found (Debian: apt-get install npm)"
  echo "ort-oracle: installing onnxruntime-node into $ORT_DIR"
  mkdir -p "$ORT_DIR" && cp "$GEN_DIR/package.json" "$ORT_DIR/package.json" ||
    die "cannot write $ORT_DIR"
  (cd "$ORT_DIR" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save \
     --no-audit --no-fund --loglevel=error) || die "npm install failed"
fi
node -e "require(process.argv[1])" "$ORT_DIR/node_modules/onnxruntime-node" ||
  die "onnxruntime-node in $ORT_DIR does not load"

# --- generate ------------------------------------------------------------------
mkdir -p "$WORK" || die "cannot create $WORK"
rm -rf "$WORK"/seed_* "$WORK"/summary.json
t0=$SECONDS
echo "ort-oracle: generating $MODELS models (seeds $SEED..$((SEED + MODELS - 1))) in $WORK"
"$PYTHON" "$GEN_DIR/genmodel.py" --seed "$SEED" --count "$MODELS" --out "$WORK" ||
  echo "ort-oracle: the generator failed on some seeds (reported below)"
DIRS=()
for ((s = SEED; s < SEED + MODELS; s++)); do DIRS+=("$WORK/seed_$s"); done

# --- compile, build, run ---------------------------------------------------------
# one model: writes DIR/status ("ok" or why not)
one() {
  local d="$1" rc msg
  [[ -f "$d/status" ]] && return 0 # generator error
  if [[ ! -f "$d/model.onnx" ]]; then
    echo "generator wrote no model.onnx" >"$d/status"; return 0
  fi
  if ! timeout 300 "$TOOL_DIR/mcunet-compile" "$d/model.onnx" -o "$d/c" -q \
       >"$d/compile.log" 2>&1; then
    msg="$(grep -m1 -i 'error' "$d/compile.log" || tail -n1 "$d/compile.log")"
    echo "mcunet-compile failed: ${msg:0:400}" >"$d/status"; return 0
  fi
  if ! timeout 300 "$CC" -std=c99 -O1 -Wall -Wextra -Wpedantic -Werror \
       -fsanitize=address,undefined -fno-sanitize-recover=all \
       -I"$d/c" "$GEN_DIR/trace_harness.c" "$d/c/model_weights.c" -o "$d/run" \
       >"$d/cc.log" 2>&1; then
    msg="$(grep -m1 -i 'error' "$d/cc.log" || tail -n1 "$d/cc.log")"
    echo "C build failed: ${msg:0:400}" >"$d/status"; return 0
  fi
  mkdir -p "$d/trace"
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
    timeout 120 "$d/run" "$d/input.bin" "$d/output.bin" "$d/trace" \
    >"$d/run.log" 2>&1
  rc=$?
  if ((rc != 0)); then
    msg="$(grep -m1 -E 'ERROR|runtime error|failed|cannot' "$d/run.log" || tail -n1 "$d/run.log")"
    echo "model crashed or failed (exit $rc): ${msg:0:400}" >"$d/status"; return 0
  fi
  echo ok >"$d/status"
}
export -f one
export TOOL_DIR GEN_DIR CC
t1=$SECONDS
printf '%s\0' "${DIRS[@]}" | xargs -0 -n1 -P "$JOBS" bash -c 'one "$1"' _
t2=$SECONDS
echo "ort-oracle: generated in $((t1 - t0)) s, compiled/built/ran in $((t2 - t1)) s ($JOBS jobs)"

# --- the oracle ----------------------------------------------------------------
args=(--ort-dir "$ORT_DIR" --json "$WORK/summary.json")
((VERBOSE)) && args+=(--verbose)
node "$GEN_DIR/ort_oracle.js" "${args[@]}" "${DIRS[@]}"
rc=$?
if ((rc > 1)); then
  echo "ort-oracle: the oracle itself failed (exit $rc)"
  echo "0 passed, $MODELS failed"
  exit 1
fi
exit $rc
