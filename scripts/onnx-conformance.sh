#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs the ONNX importer over ONNX's own backend node tests (Debian's
# libonnx-testdata) for every op that mcunet supports, and prints, per op,
# how many tests import and verify, how many are rejected (with the reasons,
# grouped) and how many crash.
#
#   scripts/onnx-conformance.sh                       # build/bin, Debian's data
#   scripts/onnx-conformance.sh --tool-dir build-asan/bin
#   scripts/onnx-conformance.sh --markdown --details  # the tables of docs/conformance.md
#
# Options:
#   --tool-dir DIR   where mcunet-translate and mcunet-opt are (build/bin)
#   --data-dir DIR   the node tests ($ONNX_NODE_TESTS, else
#                    /usr/share/libonnx-testdata/data/node)
#   --markdown       print the tables as markdown
#   --details        also list every rejected test under its reason
#   --verbose        print one line per test
#   --filter REGEX   only the tests whose directory name matches REGEX
#   --keep DIR       keep the imported .mlir files and the stderr of each run
#   --no-const       skip the second run with parameters made constant (below)
#   --strict         known importer bugs (KNOWN BUG below) fail the run too
#
# Each test directory holds model.onnx and test_data_set_0/{input,output}_*.pb.
# The op of a test is decided from its directory name by OP_TABLE below.
# A test is run through `mcunet-translate --import-onnx` and classified as
#   imported  exit 0, the output verifies (piped to mcunet-opt) and the
#             function's argument and result shapes are those of the test's
#             input_*.pb / output_*.pb;
#   rejected  non-zero exit with a diagnostic that names the node and op (or
#             the graph input/output, or the model's opset);
#   CRASH     a signal, exit >= 128, a timeout, an assertion or LLVM fatal
#             error, or a failure with empty stderr;
#   INVALID   exit 0 but the output does not verify or has the wrong shapes,
#             or a failure whose message names neither node nor input.
# Most node tests pass weights, shapes, axes, pads, scales... as *graph
# inputs* (runtime values), which mcunet must reject: its weights and
# parameters are compile-time constants. So a rejected test with more than
# one graph input is run a second time with inputs 1..n turned into
# initializers holding the test's own input_K.pb data (protoc appends a
# GraphProto with the initializers to the binary model: protobuf merges it).
# A test that imports then counts as "const": the op is supported, the test
# only had its parameters at runtime.
#
# Exit status: 0 when every test imports or is rejected for a reason listed
# for it in EXPECTED below; 1 on any CRASH or INVALID, on a rejection of a
# test not listed (a test that should import), or on a listed test rejected
# for another reason; 77 when the data directory does not exist (ctest SKIP);
# 2 on bad usage or missing tools.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL_DIR="$ROOT/build/bin"
DATA_DIR="${ONNX_NODE_TESTS:-/usr/share/libonnx-testdata/data/node}"
MARKDOWN=0 DETAILS=0 VERBOSE=0 STRICT=0 CONST_RUN=1
FILTER="" KEEP=""
TIMEOUT_S="${ONNX_CONFORMANCE_TIMEOUT:-60}"

usage() { sed -n '4,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while (($#)); do
  case "$1" in
  --tool-dir) TOOL_DIR="${2:?--tool-dir needs a directory}"; shift 2 ;;
  --tool-dir=*) TOOL_DIR="${1#*=}"; shift ;;
  --data-dir) DATA_DIR="${2:?--data-dir needs a directory}"; shift 2 ;;
  --data-dir=*) DATA_DIR="${1#*=}"; shift ;;
  --filter) FILTER="${2:?--filter needs a regex}"; shift 2 ;;
  --filter=*) FILTER="${1#*=}"; shift ;;
  --keep) KEEP="${2:?--keep needs a directory}"; shift 2 ;;
  --keep=*) KEEP="${1#*=}"; shift ;;
  --markdown) MARKDOWN=1; shift ;;
  --details) DETAILS=1; shift ;;
  --verbose | -v) VERBOSE=1; shift ;;
  --strict) STRICT=1; shift ;;
  --no-const) CONST_RUN=0; shift ;;
  -h | --help) usage; exit 0 ;;
  *) echo "onnx-conformance: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

#===----------------------------------------------------------------------===#
# Test name -> ONNX op. First match wins: a test matches PREFIX when its
# name is PREFIX or starts with PREFIX_. "-" marks tests of other ops that
# share a prefix (ConvInteger is not supported). Tests ending in _expanded
# are function expansions into other ops (Softmax -> ReduceMax, Exp...) and
# are left out.
#===----------------------------------------------------------------------===#
OP_TABLE=(
  # Other ops under a supported op's prefix.
  "test_basic_convinteger -" "test_convinteger -" "test_convtranspose -"
  "test_castlike -" "test_gather_elements -" "test_gathernd -"
  "test_constantofshape -" "test_dynamicquantizelinear -"
  "test_matmulinteger -" "test_reduce_mean_square -"
  # Supported ops.
  "test_add Add"
  "test_averagepool AveragePool"
  "test_batchnorm BatchNormalization"
  "test_cast Cast"
  "test_clip Clip"
  "test_concat Concat"
  "test_constant_pad Pad" "test_edge_pad Pad" "test_reflect_pad Pad"
  "test_constant Constant"
  "test_basic_conv Conv" "test_conv Conv"
  "test_dequantizelinear DequantizeLinear"
  "test_flatten Flatten"
  "test_gather Gather"
  "test_gemm Gemm"
  "test_globalaveragepool GlobalAveragePool"
  "test_identity Identity"
  "test_matmul MatMul"
  "test_maxpool MaxPool"
  "test_mul Mul"
  "test_qlinearconv QLinearConv"
  "test_qlinearmatmul QLinearMatMul"
  "test_quantizelinear QuantizeLinear"
  "test_reduce_mean ReduceMean"
  "test_relu Relu"
  "test_reshape Reshape"
  "test_resize Resize"
  "test_shape Shape"
  "test_softmax Softmax"
  "test_squeeze Squeeze"
  "test_transpose Transpose"
  "test_unsqueeze Unsqueeze"
)

# The supported ops, in table order (those of the importer's kSupportedOps).
OPS=(Add AveragePool BatchNormalization Cast Clip Concat Constant Conv
  DequantizeLinear Flatten Gather Gemm GlobalAveragePool Identity MatMul
  MaxPool Mul Pad QLinearConv QLinearMatMul QuantizeLinear ReduceMean Relu
  Reshape Resize Shape Softmax Squeeze Transpose Unsqueeze)

#===----------------------------------------------------------------------===#
# Rejection reasons: KEY|extended regex over the importer's stderr|label.
# The first matching regex names the reason. Keys starting with "bug-" are
# importer bugs: reported, and fatal with --strict.
#===----------------------------------------------------------------------===#
REASONS=(
  "opset|unsupported opset|model opset outside the supported 11..18"
  "training|training mode|BatchNormalization in training mode (only inference-mode models are compiled)"
  "const-output|nothing to compute|the output folds to a constant: nothing to compute"
  "int8-no-qparams|is U?INT8 but no [A-Za-z, ]+ reads it|INT8/UINT8 graph input without quantization parameters (plain integer arithmetic)"
  "dtype|has unsupported data type|graph input of another type than FLOAT/INT8 (UINT8, INT32, INT64, DOUBLE, FLOAT16, BFLOAT16, STRING)"
  "non-tensor|dynamic or unknown dimension|not a tensor|(optional|sequence) type|graph input without a static tensor shape (here: optional/sequence types)"
  "rank|only 2-D|only rank-4|must be 2-D|only rank-2 and rank-4|only 2-D convolutions|1-D/3-D or non-rank-4 input (only 2-D spatial ops)"
  "ceil-mode|ceil_mode|ceil_mode = 1 (changes the output size)"
  "dilation|dilat(ed|ion)|dilated pooling"
  "indices|Indices output|MaxPool's Indices output"
  "resize-mode|resize mode '|coordinate_transformation_mode '|Resize mode other than nearest, or a coordinate/nearest mode TFLite does not have"
  "softmax-axis|[Ss]oftmax over axis|Softmax over another axis than the innermost"
  "transA|transA|Gemm transA = 1"
  "bias-shape|the bias has [0-9]+ values|Gemm bias C that is not per output channel (a [M, N] matrix)"
  "per-axis-activation|quantized per tensor|per-axis quantized activations"
  "empty|empty dimension|zero-sized|zero-sized tensors"
  "runtime-op|unsupported op '(Cast|Gather|Shape|Identity)'|Cast/Gather on runtime data (folded only when the input is constant)"
  "const-param|must be (a )?constant|must be a 2-D constant|weights, scales or parameters given as runtime graph inputs"
  "unsupported-op|unsupported op '|op not supported"
)

#===----------------------------------------------------------------------===#
# Tests that do not import even with constant parameters, and why: each one
# was checked to be a documented limitation with a clear message (see
# docs/conformance.md). Any other rejected test fails the run. Patterns are
# bash globs over the test name.
#===----------------------------------------------------------------------===#
EXPECTED=(
  # UINT8/INT32 activations: te activations are int8 (quant_c2).
  "test_add_uint8 int8-no-qparams" "test_mul_uint8 int8-no-qparams"
  "test_maxpool_2d_uint8 int8-no-qparams"
  "test_edge_pad dtype" "test_reflect_pad dtype"
  "test_dequantizelinear_axis per-axis-activation"
  # Casts from/to types other than float32, and runtime casts.
  "test_cast_BFLOAT16_to_FLOAT dtype" "test_cast_DOUBLE_to_FLOAT dtype"
  "test_cast_DOUBLE_to_FLOAT16 dtype" "test_cast_FLOAT16_to_DOUBLE dtype"
  "test_cast_FLOAT16_to_FLOAT dtype" "test_cast_STRING_to_FLOAT dtype"
  "test_cast_FLOAT_to_* runtime-op"
  # Gather on runtime data (the importer folds Gather on constants only).
  "test_gather_* runtime-op"
  # int8 tensors without scale/zero point.
  "test_clip_default_int8_* int8-no-qparams"
  # Rank: 1-D/3-D pooling, rank-3 ReduceMean, batched MatMul.
  "test_averagepool_1d_default rank" "test_averagepool_3d_default rank"
  "test_maxpool_1d_default rank" "test_maxpool_3d_default rank"
  "test_reduce_mean_* rank" "test_matmul_3d rank" "test_matmul_4d rank"
  # Pooling attributes.
  "test_averagepool_2d_ceil ceil-mode" "test_maxpool_2d_ceil ceil-mode"
  "test_maxpool_2d_dilations dilation"
  "test_maxpool_with_argmax_* indices"
  # Gemm.
  "test_gemm_all_attributes transA" "test_gemm_transposeA transA"
  "test_gemm_default_matrix_bias bias-shape"
  # Resize: only TFLite's nearest-neighbour modes.
  "test_resize_* resize-mode"
  # Softmax over a non-innermost axis (opset 13 semantics).
  "test_softmax_axis_0 softmax-axis" "test_softmax_axis_1 softmax-axis"
  # Per-axis QuantizeLinear of an activation.
  "test_quantizelinear_axis per-axis-activation"
  # Zero-sized tensors.
  "test_reshape_allowzero_reordered empty"
  # Optional and sequence graph inputs.
  "test_identity_opt non-tensor" "test_identity_sequence non-tensor"
  # Graphs whose output is a constant (Constant; Shape of a static input).
  "test_constant const-output" "test_shape* const-output"
  # Opset 1 and 10 models (the importer takes opsets 11 to 18).
  "test_globalaveragepool opset" "test_globalaveragepool_precomputed opset"
  "test_qlinearconv opset" "test_qlinearmatmul_2D opset"
  "test_qlinearmatmul_3D opset"
  # Training-mode BatchNormalization (batch statistics, running-stat outputs).
  "test_batchnorm_*_training_mode training"
)

#===----------------------------------------------------------------------===#
# Setup
#===----------------------------------------------------------------------===#
TRANSLATE="$TOOL_DIR/mcunet-translate"
OPT="$TOOL_DIR/mcunet-opt"

if [[ ! -d "$DATA_DIR" ]]; then
  echo "onnx-conformance: SKIP: no ONNX node tests in $DATA_DIR (apt-get install libonnx-testdata, or pass --data-dir)"
  exit 77
fi
for tool in "$TRANSLATE" "$OPT"; do
  if [[ ! -x "$tool" ]]; then
    echo "onnx-conformance: error: $tool not found; build it (ninja -C build) or pass --tool-dir" >&2
    exit 2
  fi
done

# protoc and onnx.proto read the .pb test data (shapes) and build the
# constant-parameter variants. Without them both are skipped.
PROTOC="" ONNX_PROTO_DIR=""
if command -v protoc >/dev/null 2>&1; then
  for d in /usr/include /usr/local/include; do
    if [[ -f "$d/onnx/onnx.proto" ]]; then ONNX_PROTO_DIR="$d"; break; fi
  done
  [[ -n "$ONNX_PROTO_DIR" ]] && PROTOC="protoc"
fi
if [[ -z "$PROTOC" ]]; then
  echo "onnx-conformance: note: protoc or onnx/onnx.proto missing: shape checks and the constant-parameter run are skipped" >&2
  CONST_RUN=0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onnx-conformance.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# Run copies: a rebuild of the tools during the run does not disturb it.
mkdir -p "$WORK/bin" && cp "$TRANSLATE" "$OPT" "$WORK/bin/" || exit 2
TRANSLATE="$WORK/bin/mcunet-translate" OPT="$WORK/bin/mcunet-opt"
if [[ -n "$KEEP" ]]; then mkdir -p "$KEEP" || exit 2; fi

decode() { # decode TYPE < file
  "$PROTOC" --proto_path="$ONNX_PROTO_DIR" --decode="onnx.$1" onnx/onnx.proto
}

# The dims of a TensorProto file, joined by x ("" for a scalar).
pb_dims() {
  decode TensorProto <"$1" 2>/dev/null | awk '/^dims: /{d = d (d == "" ? "" : "x") $2} END{print d}'
}

# The dims of each tensor type in a list of MLIR types, one line each.
mlir_dims() {
  grep -o 'tensor<[0-9x]*' | sed 's/^tensor<//; s/x$//'
}

op_of() {
  local name="$1" entry prefix op
  [[ "$name" == *_expanded ]] && return 1
  for entry in "${OP_TABLE[@]}"; do
    prefix="${entry% *}" op="${entry#* }"
    if [[ "$name" == "$prefix" || "$name" == "$prefix"_* ]]; then
      [[ "$op" == "-" ]] && return 1
      echo "$op"
      return 0
    fi
  done
  return 1
}

reason_of() { # reason_of stderr-file -> KEY
  local entry key rest re
  for entry in "${REASONS[@]}"; do
    key="${entry%%|*}" rest="${entry#*|}"
    re="${rest%|*}"
    if grep -Eq -- "$re" "$1"; then echo "$key"; return; fi
  done
  echo "other"
}

reason_label() {
  local entry
  for entry in "${REASONS[@]}"; do
    if [[ "${entry%%|*}" == "$1" ]]; then echo "${entry##*|}"; return; fi
  done
  echo "other (unrecognized message)"
}

expected_reason() { # expected_reason test -> KEY or ""
  local entry pat
  for entry in "${EXPECTED[@]}"; do
    pat="${entry% *}"
    # shellcheck disable=SC2053 # glob match intended
    if [[ "$1" == $pat ]]; then echo "${entry#* }"; return; fi
  done
}

# Builds OUT: DIR/model.onnx with graph inputs 1..n as initializers from
# test_data_set_0/input_K.pb. Sets INPUT_NAMES (the graph inputs, quoted as
# protoc prints them). Fails when there is nothing to promote.
INPUT_NAMES=()
make_const_variant() { # dir out
  local dir="$1" out="$2" txt k n=0
  local -a names
  INPUT_NAMES=()
  txt="$(decode ModelProto <"$dir/model.onnx" 2>/dev/null)" || return 1
  mapfile -t names < <(awk '/^graph \{/{g = 1; next} /^[a-z]/{g = 0}
    g && /^  input \{/{i = 1; next}
    i && /^    name: /{sub(/^    name: /, ""); print; i = 0}' <<<"$txt")
  INPUT_NAMES=("${names[@]}")
  {
    echo "graph {"
    for ((k = 1; k < ${#names[@]}; k++)); do
      [[ -f "$dir/test_data_set_0/input_$k.pb" ]] || continue
      echo "initializer {"
      decode TensorProto <"$dir/test_data_set_0/input_$k.pb" | grep -v '^name: '
      echo "name: ${names[$k]}"
      echo "}"
      n=$((n + 1))
    done
    echo "}"
  } >"$WORK/extra.txt" || return 1
  ((n > 0)) || return 1
  cp "$dir/model.onnx" "$out" &&
    "$PROTOC" --proto_path="$ONNX_PROTO_DIR" --encode=onnx.ModelProto \
      onnx/onnx.proto <"$WORK/extra.txt" >>"$out"
}

# Runs one model. Sets RUN_STATUS (imported|rejected|crash|invalid) and
# RUN_DETAIL (the reason key, or what went wrong), RUN_MSG (first error).
# NARGS: how many of the test's input_K.pb are function arguments (the
# others were made constant).
run_model() { # model dir tag nargs
  local model="$1" dir="$2" tag="$3" nargs="$4" rc orc base
  base="$WORK/$tag"
  RUN_STATUS="" RUN_DETAIL="" RUN_MSG=""
  # The subshell keeps bash's "Segmentation fault" job notice quiet.
  (timeout -k 5 "$TIMEOUT_S" "$TRANSLATE" --import-onnx "$model" \
    -o "$base.mlir" 2>"$base.err"; exit $?) 2>/dev/null
  rc=$?
  RUN_MSG="$(grep -m1 'error:' "$base.err" | sed 's/^.*error: //; s/; supported ops: .*/; supported ops: .../' | cut -c1-300)"
  [[ -z "$RUN_MSG" ]] && RUN_MSG="$(grep -m1 . "$base.err" | cut -c1-300)"
  if ((rc == 126 || rc == 127)); then
    echo "onnx-conformance: error: cannot run $TRANSLATE (exit $rc): $RUN_MSG" >&2
    exit 2
  elif ((rc == 124 || rc == 137)); then
    RUN_STATUS=crash RUN_DETAIL="timeout after ${TIMEOUT_S}s"
  elif ((rc >= 128)); then
    RUN_STATUS=crash RUN_DETAIL="signal $((rc - 128))"
  elif grep -Eq 'Assertion .* failed|LLVM ERROR|UNREACHABLE|Stack dump|terminate called|AddressSanitizer|UndefinedBehaviorSanitizer|runtime error: ' "$base.err"; then
    RUN_STATUS=crash RUN_DETAIL="assertion/fatal error (exit $rc)"
    RUN_MSG="$(grep -m1 -E 'Assertion|LLVM ERROR|UNREACHABLE|terminate called|Sanitizer|runtime error' "$base.err" | cut -c1-300)"
  elif ((rc != 0)); then
    if [[ ! -s "$base.err" ]]; then
      RUN_STATUS=crash RUN_DETAIL="exit $rc with empty stderr"
    elif ! grep -Eq "error: (node '[^']*' \([A-Za-z]+\)|graph (input|output) '|unsupported opset|the ONNX checker|ONNX shape inference|initializer: )" "$base.err"; then
      RUN_STATUS=invalid RUN_DETAIL="the error names neither the node nor a graph input/output"
    else
      RUN_STATUS=rejected RUN_DETAIL="$(reason_of "$base.err")"
    fi
  elif [[ ! -s "$base.mlir" ]]; then
    RUN_STATUS=invalid RUN_DETAIL="exit 0 but no output"
  else
    (timeout -k 5 "$TIMEOUT_S" "$OPT" "$base.mlir" -o /dev/null \
      2>"$base.opt.err"; exit $?) 2>/dev/null
    orc=$?
    if ((orc != 0)); then
      RUN_STATUS=invalid
      RUN_DETAIL="mcunet-opt rejects the output (exit $orc)"
      ((orc == 124 || orc >= 128)) && RUN_STATUS=crash RUN_DETAIL="mcunet-opt crashed on the output (exit $orc)"
      RUN_MSG="$(grep -m1 'error' "$base.opt.err" | cut -c1-300)"
    elif [[ -n "$PROTOC" ]]; then
      # Shapes: func arguments vs input_K.pb, results vs output_K.pb.
      local sig args res want_in="" want_out="" k f
      sig="$(grep -m1 'func.func @main' "$base.mlir")"
      args="${sig%%) -> *}" res="${sig#*) -> }"
      [[ "$sig" == *") -> "* ]] || res=""
      for ((k = 0; k < nargs; k++)); do
        f="$dir/test_data_set_0/input_$k.pb"
        [[ -f "$f" ]] && want_in+="$(pb_dims "$f");"
      done
      for f in "$dir"/test_data_set_0/output_*.pb; do
        [[ -f "$f" ]] && want_out+="$(pb_dims "$f");"
      done
      local got_in got_out
      got_in="$(mlir_dims <<<"$args" | tr '\n' ';')"
      got_out="$(mlir_dims <<<"$res" | tr '\n' ';')"
      if [[ "$got_in" != "$want_in" || "$got_out" != "$want_out" ]]; then
        RUN_STATUS=invalid
        RUN_DETAIL="shapes differ from the test data: arguments [$got_in] want [$want_in], results [$got_out] want [$want_out]"
      else
        RUN_STATUS=imported
      fi
    else
      RUN_STATUS=imported
    fi
  fi
  if [[ -n "$KEEP" ]]; then
    cp "$base.err" "$KEEP/$tag.err" 2>/dev/null
    [[ -s "$base.mlir" ]] && cp "$base.mlir" "$KEEP/$tag.mlir"
  fi
  rm -f "$base.mlir"
}

count_inputs() { # graph inputs that have test data
  local n=0
  while [[ -f "$1/test_data_set_0/input_$n.pb" ]]; do n=$((n + 1)); done
  echo "$n"
}

#===----------------------------------------------------------------------===#
# The run
#===----------------------------------------------------------------------===#
declare -A ATT IMP CONST REJ CRASH INVALID REASONS_OF
declare -a FAILURES=() BUGS=() NOTES=() DETAIL_LINES=()
for op in "${OPS[@]}"; do
  ATT[$op]=0 IMP[$op]=0 CONST[$op]=0 REJ[$op]=0 CRASH[$op]=0 INVALID[$op]=0
  REASONS_OF[$op]=""
done

shopt -s nullglob
for dir in "$DATA_DIR"/test_*/; do
  dir="${dir%/}"
  name="$(basename "$dir")"
  [[ -n "$FILTER" && ! "$name" =~ $FILTER ]] && continue
  op="$(op_of "$name")" || continue
  [[ -f "$dir/model.onnx" ]] || continue
  ATT[$op]=$((ATT[$op] + 1))
  ninputs="$(count_inputs "$dir")"

  run_model "$dir/model.onnx" "$dir" "$name" "$ninputs"
  status="$RUN_STATUS" detail="$RUN_DETAIL" msg="$RUN_MSG" how="as-is"
  first_msg="$msg"
  if [[ "$status" == rejected && $CONST_RUN == 1 && $ninputs -gt 1 ]] &&
    make_const_variant "$dir" "$WORK/$name.const.onnx"; then
    # Was the test rejected for a parameter given at runtime: a "must be
    # constant" error, or an error on a graph input other than the first?
    param=0
    [[ "$detail" == const-param ]] && param=1
    for ((k = 1; k < ${#INPUT_NAMES[@]}; k++)); do
      [[ "$msg" == *"graph input '${INPUT_NAMES[$k]//\"/}'"* ]] && param=1
    done
    run_model "$WORK/$name.const.onnx" "$dir" "$name.const" 1
    if [[ "$RUN_STATUS" == crash || "$RUN_STATUS" == invalid ]] ||
      ((param)); then
      how="constant parameters"
      case "$RUN_STATUS" in
      imported) status=const detail="" ;;
      *) status="$RUN_STATUS" detail="$RUN_DETAIL" msg="$RUN_MSG" ;;
      esac
    fi
  fi

  expect="$(expected_reason "$name")"
  line="$op $name: $status${detail:+ ($detail)}${msg:+: $msg}"
  ((VERBOSE)) && echo "$line"
  case "$status" in
  imported) IMP[$op]=$((IMP[$op] + 1)) ;;
  const)
    CONST[$op]=$((CONST[$op] + 1))
    DETAIL_LINES+=("const|$op|$name|$first_msg")
    ;;
  rejected)
    REJ[$op]=$((REJ[$op] + 1))
    REASONS_OF[$op]+="$detail "
    DETAIL_LINES+=("$detail|$op|$name|$msg")
    if [[ -n "$expect" && "$expect" == "$detail" ]]; then
      [[ "$detail" == bug-* ]] && BUGS+=("$line")
    elif [[ $CONST_RUN == 0 && ( "$detail" == const-param || "$detail" == dtype ) ]]; then
      NOTES+=("$name: not checked without the constant-parameter run: $msg")
    elif [[ -z "$expect" ]]; then
      FAILURES+=("UNEXPECTED REJECTION ($how) $line")
    else
      FAILURES+=("WRONG REASON ($how; expected '$expect') $line")
    fi
    ;;
  crash)
    CRASH[$op]=$((CRASH[$op] + 1))
    FAILURES+=("CRASH ($how) $line")
    ;;
  invalid)
    INVALID[$op]=$((INVALID[$op] + 1))
    FAILURES+=("INVALID ($how) $line")
    ;;
  esac
  if [[ -n "$expect" && ( "$status" == imported || "$status" == const ) ]]; then
    NOTES+=("$name now imports ($status): remove it from EXPECTED in ${BASH_SOURCE[0]##*/}")
  fi
done

#===----------------------------------------------------------------------===#
# Report
#===----------------------------------------------------------------------===#
summarize_reasons() { # "k1 k2 k1" -> "k1 (2), k2 (1)"
  tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort | uniq -c | sort -k1,1nr -k2 |
    awk '{printf "%s%s (%d)", (NR > 1 ? ", " : ""), $2, $1}'
}

T_ATT=0 T_IMP=0 T_CONST=0 T_REJ=0 T_CRASH=0 T_INVALID=0 ALL_REASONS=""
ROWS=()
for op in "${OPS[@]}"; do
  T_ATT=$((T_ATT + ATT[$op])) T_IMP=$((T_IMP + IMP[$op]))
  T_CONST=$((T_CONST + CONST[$op])) T_REJ=$((T_REJ + REJ[$op]))
  T_CRASH=$((T_CRASH + CRASH[$op])) T_INVALID=$((T_INVALID + INVALID[$op]))
  ALL_REASONS+="${REASONS_OF[$op]}"
  ROWS+=("$op|${ATT[$op]}|${IMP[$op]}|${CONST[$op]}|${REJ[$op]}|${CRASH[$op]}|${INVALID[$op]}|$(summarize_reasons "${REASONS_OF[$op]}")")
done
TOTAL="Total|$T_ATT|$T_IMP|$T_CONST|$T_REJ|$T_CRASH|$T_INVALID|"

if ((MARKDOWN)); then
  echo "| Op | Attempted | Imported | Imported with constant parameters | Rejected | Crashed | Invalid | Rejection reasons |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  for row in "${ROWS[@]}" "$TOTAL"; do
    IFS='|' read -r o a i c r x v why <<<"$row"
    [[ "$o" == Total ]] && o="**Total**"
    echo "| $o | $a | $i | $c | $r | $x | $v | $why |"
  done
else
  printf '%-19s %9s %8s %6s %8s %7s %7s  %s\n' Op Attempted Imported Const Rejected Crashed Invalid "Rejection reasons"
  for row in "${ROWS[@]}" "$TOTAL"; do
    IFS='|' read -r o a i c r x v why <<<"$row"
    printf '%-19s %9s %8s %6s %8s %7s %7s  %s\n' "$o" "$a" "$i" "$c" "$r" "$x" "$v" "$why"
  done
fi

if ((DETAILS)); then
  echo
  if ((MARKDOWN)); then
    echo "### Imported only with constant parameters"
    echo
    echo "These tests pass weights, shapes, axes, pads or scales as graph inputs; the"
    echo "importer rejects them as they are (message in the table) and imports them once"
    echo "those inputs are initializers."
    echo
    echo "| Op | Test | Message as-is |"
    echo "|---|---|---|"
    for l in "${DETAIL_LINES[@]}"; do
      IFS='|' read -r k o t m <<<"$l"
      [[ "$k" == const ]] && echo "| $o | \`$t\` | ${m//|/\\|} |"
    done
    echo
    echo "### Rejected tests, by reason"
    for key in $(tr ' ' '\n' <<<"$ALL_REASONS" | sed '/^$/d' | sort | uniq -c | sort -k1,1nr -k2 | awk '{print $2}'); do
      echo
      echo "#### \`$key\`: $(reason_label "$key")"
      echo
      echo "| Op | Test | Message |"
      echo "|---|---|---|"
      for l in "${DETAIL_LINES[@]}"; do
        IFS='|' read -r k o t m <<<"$l"
        [[ "$k" == "$key" ]] && echo "| $o | \`$t\` | ${m//|/\\|} |"
      done
    done
  else
    echo "Imported only with constant parameters (message as-is):"
    for l in "${DETAIL_LINES[@]}"; do
      IFS='|' read -r k o t m <<<"$l"
      [[ "$k" == const ]] && echo "  $o $t: $m"
    done
    for key in $(tr ' ' '\n' <<<"$ALL_REASONS" | sed '/^$/d' | sort | uniq -c | sort -k1,1nr -k2 | awk '{print $2}'); do
      echo
      echo "Rejected: $key: $(reason_label "$key")"
      for l in "${DETAIL_LINES[@]}"; do
        IFS='|' read -r k o t m <<<"$l"
        [[ "$k" == "$key" ]] && echo "  $o $t: $m"
      done
    done
  fi
fi

echo
for n in "${NOTES[@]}"; do echo "note: $n"; done
for b in "${BUGS[@]}"; do echo "KNOWN BUG: $b"; done
for f in "${FAILURES[@]}"; do echo "FAIL: $f"; done
nfail=${#FAILURES[@]}
((STRICT)) && nfail=$((nfail + ${#BUGS[@]}))
echo "onnx-conformance: $T_ATT tests, $T_IMP imported, $T_CONST imported with constant parameters, $T_REJ rejected (${#BUGS[@]} by known bugs), $T_CRASH crashed, $T_INVALID invalid"
if ((nfail)); then echo "onnx-conformance: FAILED ($nfail)"; else echo "onnx-conformance: OK"; fi
((nfail == 0))
