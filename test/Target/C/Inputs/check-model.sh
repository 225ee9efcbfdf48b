#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Compiles one model folder of ../shared/models to C with mcunet-compile,
# builds the C on the host together with run_model.c, runs every input_k.bin
# and compares the output byte for byte (cmp) with tflm_output_k.bin (the
# output of TensorFlow Lite Micro) or, where that file is missing,
# expected_output_k.bin. Prints one line that the lit tests check:
#
#   <model>: <bit-exact>/<inputs> bit-exact
#
# and, for each input that differs, a "<model>: input_k differs" line.
#
# usage: check-model.sh MCUNET_COMPILE MODEL_DIR SCRATCH_DIR HARNESS_C
#                       [-- CC_FLAGS...]
# Extra mcunet-compile options come from $COMPILE_OPTIONS (e.g.
# "--schedule=fused").
# The default flags are the strict ones of the test suite:
#   -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror
#   -fsanitize=address,undefined -fno-sanitize-recover=all

set -eu -o pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 MCUNET_COMPILE MODEL_DIR SCRATCH_DIR HARNESS_C [-- CC_FLAGS...]" >&2
  exit 2
fi
compile=$1
model_dir=$2
scratch=$3
harness=$4
shift 4
flags=(-std=c99 -O2 -Wall -Wextra -Wpedantic -Werror
       -fsanitize=address,undefined -fno-sanitize-recover=all)
if [ $# -gt 0 ]; then
  [ "$1" = "--" ] && shift
  flags=("$@")
fi

name=$(basename "$model_dir")
rm -rf "$scratch"
mkdir -p "$scratch"

# shellcheck disable=SC2086  # word splitting of the options is wanted
"$compile" -q ${COMPILE_OPTIONS:-} "$model_dir/model.onnx" -o "$scratch/c"
cc "${flags[@]}" -I "$scratch/c" "$scratch/c/model.c" \
  "$scratch/c/model_weights.c" "$harness" -o "$scratch/run"

total=0
exact=0
for input in "$model_dir"/input_*.bin; do
  k=${input##*/input_}
  k=${k%.bin}
  reference=$model_dir/tflm_output_$k.bin
  [ -f "$reference" ] || reference=$model_dir/expected_output_$k.bin
  total=$((total + 1))
  "$scratch/run" "$input" "$scratch/output_$k.bin"
  if cmp -s "$scratch/output_$k.bin" "$reference"; then
    exact=$((exact + 1))
  else
    echo "$name: input_$k differs from ${reference##*/}"
  fi
done
echo "$name: $exact/$total bit-exact"
