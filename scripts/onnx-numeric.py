#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs ONNX's backend node tests (Debian's libonnx-testdata) numerically:
every test the importer accepts is compiled with mcunet-compile, the
generated C is built for the host (-Wall -Wextra -Wpedantic -Werror, ASan,
UBSan) and run on test_data_set_0, and its outputs are compared with the
test's expected outputs: integer outputs bit for bit, float outputs within
1e-4 relative + 1e-5 absolute. Tests whose parameters are graph inputs are
retried with those inputs turned into initializers (as scripts/
onnx-conformance.sh does). Tests the importer rejects are skipped here (the
conformance script accounts for them).

Usage: scripts/onnx-numeric.py [--tool-dir build/bin] [--data-dir DIR]
                               [--filter SUBSTRING] [--verbose]
Prints a table per op and the line "N passed, M failed"; exits 1 if any
compiled test gives a wrong result, 77 when the test data is missing.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import onnx
    from onnx import numpy_helper
except ImportError as e:  # pragma: no cover
    print(f"onnx-numeric: needs python3-numpy and python3-onnx ({e})")
    sys.exit(77)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Test-name prefixes of the ops the importer supports (longest match wins).
OPS = {
    "test_add": "Add", "test_averagepool": "AveragePool",
    "test_batchnorm": "BatchNormalization", "test_clip": "Clip",
    "test_concat": "Concat", "test_constant_pad": "Pad",
    "test_basic_conv": "Conv", "test_conv": "Conv",
    "test_dequantizelinear": "DequantizeLinear", "test_flatten": "Flatten",
    "test_gemm": "Gemm", "test_globalaveragepool": "GlobalAveragePool",
    "test_matmul": "MatMul", "test_maxpool": "MaxPool", "test_mul": "Mul",
    "test_qlinearconv": "QLinearConv", "test_qlinearmatmul": "QLinearMatMul",
    "test_quantizelinear": "QuantizeLinear", "test_reduce_mean": "ReduceMean",
    "test_relu": "Relu", "test_reshape": "Reshape", "test_resize": "Resize",
    "test_softmax": "Softmax", "test_squeeze": "Squeeze",
    "test_transpose": "Transpose", "test_unsqueeze": "Unsqueeze",
}
EXCLUDE = ("test_convinteger", "test_convtranspose", "test_basic_convinteger",
           "_expanded")

CTYPES = {np.dtype("float32"): "float", np.dtype("int8"): "int8_t",
          np.dtype("uint8"): "uint8_t"}


def op_of(name):
    if any(x in name for x in EXCLUDE):
        return None
    best = None
    for prefix, op in OPS.items():
        if name == prefix or name.startswith(prefix + "_"):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, op)
    return best[1] if best else None


def load_set(test_dir, kind):
    files = sorted(glob.glob(os.path.join(test_dir, "test_data_set_0",
                                          f"{kind}_*.pb")),
                   key=lambda f: int(f.rsplit("_", 1)[1].split(".")[0]))
    return [numpy_helper.to_array(onnx.load_tensor(f)) for f in files]


def compile_model(tool_dir, model_path, out_dir):
    r = subprocess.run([os.path.join(tool_dir, "mcunet-compile"), model_path,
                        "-o", out_dir, "-q"], capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip()


def harness(n_in, n_out, in_types, out_types):
    """A main() that reads each input file, runs, writes each output."""
    lines = ['#include "model.h"', "#include <stdio.h>", ""]
    args = []
    for k in range(n_in):
        suffix = str(k) if n_in > 1 else ""
        lines.append(f"static {in_types[k]} in{k}[MODEL_INPUT{suffix}_SIZE];")
        args.append(f"in{k}")
    for k in range(n_out):
        suffix = str(k) if n_out > 1 else ""
        lines.append(
            f"static {out_types[k]} out{k}[MODEL_OUTPUT{suffix}_SIZE];")
        args.append(f"out{k}")
    lines += ["int main(int argc, char **argv) {", "  FILE *f;",
              f"  if (argc != {1 + n_in + n_out}) return 2;"]
    for k in range(n_in):
        lines += [f"  f = fopen(argv[{1 + k}], \"rb\");",
                  f"  if (!f || fread(in{k}, sizeof(in{k}), 1, f) != 1) "
                  "return 2;", "  fclose(f);"]
    lines.append(f"  if (model_run({', '.join(args)}) != 0) return 1;")
    for k in range(n_out):
        lines += [f"  f = fopen(argv[{1 + n_in + k}], \"wb\");",
                  f"  if (!f || fwrite(out{k}, sizeof(out{k}), 1, f) != 1) "
                  "return 2;", "  fclose(f);"]
    lines += ["  return 0;", "}", ""]
    return "\n".join(lines)


def run_test(args, test_dir, work):
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    inputs = load_set(test_dir, "input")
    expected = load_set(test_dir, "output")
    path = os.path.join(test_dir, "model.onnx")
    out_dir = os.path.join(work, "c")
    ok, err = compile_model(args.tool_dir, path, out_dir)
    runtime = list(range(len(inputs)))
    if not ok and ("constant" in err or "initializer" in err):
        # Parameters as graph inputs: make every input but the first an
        # initializer and retry.
        g = model.graph
        for k in range(len(g.input) - 1, 0, -1):
            t = numpy_helper.from_array(inputs[k], g.input[k].name)
            g.initializer.append(t)
            del g.input[k]
        path = os.path.join(work, "const.onnx")
        onnx.save(model, path)
        runtime = [0]
        ok, err = compile_model(args.tool_dir, path, out_dir)
    if not ok:
        return "skipped", err.splitlines()[0] if err else "rejected"
    ins = [inputs[k] for k in runtime]
    for a in ins + expected:
        if a.dtype not in CTYPES:
            return "skipped", f"data type {a.dtype}"
    src = os.path.join(work, "main.c")
    with open(src, "w") as f:
        f.write(harness(len(ins), len(expected), [CTYPES[a.dtype] for a in ins],
                        [CTYPES[a.dtype] for a in expected]))
    exe = os.path.join(work, "run")
    cc = ["cc", "-std=c99", "-O1", "-Wall", "-Wextra", "-Wpedantic",
          "-Werror", "-fsanitize=address,undefined",
          "-fno-sanitize-recover=all", "-I", out_dir,
          os.path.join(out_dir, "model.c"),
          os.path.join(out_dir, "model_weights.c"), src, "-o", exe]
    r = subprocess.run(cc, capture_output=True, text=True)
    if r.returncode:
        return "failed", "C build: " + r.stderr.strip().splitlines()[0]
    files_in, files_out = [], []
    for k, a in enumerate(ins):
        p = os.path.join(work, f"in{k}.bin")
        a.tofile(p)
        files_in.append(p)
    for k in range(len(expected)):
        files_out.append(os.path.join(work, f"out{k}.bin"))
    r = subprocess.run([exe] + files_in + files_out, capture_output=True,
                       text=True)
    if r.returncode:
        return "failed", f"run exit {r.returncode}: {r.stderr.strip()[:200]}"
    for k, want in enumerate(expected):
        got = np.fromfile(files_out[k], dtype=want.dtype).reshape(want.shape)
        if want.dtype == np.float32:
            if not np.allclose(got, want, rtol=1e-4, atol=1e-5):
                d = float(np.max(np.abs(got - want)))
                return "failed", f"output {k}: max |diff| {d:g}"
        elif not np.array_equal(got, want):
            d = int(np.max(np.abs(got.astype(int) - want.astype(int))))
            return "failed", f"output {k}: max |diff| {d}"
    return "passed", ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool-dir", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--data-dir",
                    default="/usr/share/libonnx-testdata/data/node")
    ap.add_argument("--filter", default="")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not os.path.isdir(args.data_dir):
        print(f"onnx-numeric: no test data in {args.data_dir}")
        return 77
    table, failures = {}, []
    for test_dir in sorted(glob.glob(os.path.join(args.data_dir, "test_*"))):
        name = os.path.basename(test_dir)
        op = op_of(name)
        if op is None or args.filter not in name:
            continue
        with tempfile.TemporaryDirectory() as work:
            status, detail = run_test(args, test_dir, work)
        row = table.setdefault(op, {"passed": 0, "failed": 0, "skipped": 0})
        row[status] += 1
        if status == "failed":
            failures.append(f"{name}: {detail}")
        if args.verbose:
            print(f"{status:8} {name} {detail}")
    print(f"{'op':20} {'compiled+run':>12} {'exact':>6} {'wrong':>6} "
          f"{'not compiled':>12}")
    tp = tf = ts = 0
    for op in sorted(table):
        r = table[op]
        tp, tf, ts = tp + r["passed"], tf + r["failed"], ts + r["skipped"]
        print(f"{op:20} {r['passed'] + r['failed']:12} {r['passed']:6} "
              f"{r['failed']:6} {r['skipped']:12}")
    for f in failures:
        print("FAILED", f)
    print(f"{tp} passed, {tf} failed")
    return 1 if tf else 0


if __name__ == "__main__":
    sys.exit(main())
