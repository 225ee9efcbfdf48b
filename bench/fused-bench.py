#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Patch-based execution: peak SRAM against instructions (docs/fused.md).

For each model, compiles it layer by layer (--schedule=layerwise) and with
patch-based execution (--schedule=fused) under several bounds on the extra
MACs (--max-overhead) and, optionally, SRAM budgets (--sram-budget); builds
each for Cortex-M (QEMU, -icount shift=0: deterministic instruction counts,
bench/mcu-bench.py's harness) and prints, side by side from one run:

  arena and peak SRAM (arena + measured stack), their ratio to layer by
  layer, executed instructions and their ratio to layer by layer, MACs,
  code bytes, and whether the output bytes equal the layer-by-layer build's
  (they must: the arithmetic of every output value is unchanged).

  fused-bench.py --models ../shared/models --compiler build/bin/mcunet-compile
                 --plugin build/lib/libmcunet_insn_count.so
                 [--model mobilenet_v2_pytorch ...] [--target cortex-m7]
                 [--overhead 0.02 --overhead 0.1 ...] [--budget 512KB ...]
                 [--markdown out.md]

Exit status: 0 when every output equals layer by layer's, 1 otherwise, 77
when a tool or the models are missing.
"""
import argparse
import importlib.util
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "mcu_bench", os.path.join(HERE, "mcu-bench.py"))
mcu = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mcu)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--models", help="folder of <model>/model.onnx folders "
                    "(with input_0.bin)")
    ap.add_argument("--model-file", action="append", default=[],
                    help="a model file (.onnx, .onnxtxt, or a te .mlir such "
                         "as mcunet-nas space --write-subnets writes); its "
                         "input is random bytes (seed 1)")
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--model", action="append",
                    help="model folder names (default: every model)")
    ap.add_argument("--target", default="cortex-m7", choices=sorted(mcu.CORES))
    ap.add_argument("--overhead", action="append", type=float,
                    help="--max-overhead values (default 0.02 0.05 0.1 0.2)")
    ap.add_argument("--budget", action="append", default=[],
                    help="--sram-budget values (with the default overhead)")
    ap.add_argument("--work", help="scratch folder")
    ap.add_argument("--markdown", help="write the table here")
    args = ap.parse_args()
    if args.models and not os.path.isdir(args.models):
        print("SKIP: no models folder " + args.models)
        return 77
    if not args.models and not args.model_file:
        ap.error("give --models or --model-file")
    try:
        mcu.need_tools()
    except mcu.Skip as e:
        print("SKIP: %s" % e)
        return 77
    compiler = os.path.abspath(args.compiler)
    plugin = os.path.abspath(args.plugin)
    work_root = os.path.abspath(args.work or
                                tempfile.mkdtemp(prefix="fused-bench-"))
    overheads = args.overhead or [0.02, 0.05, 0.1, 0.2]
    jobs = []  # (name, model path, input bytes or None)
    if args.models:
        names = args.model or sorted(
            n for n in os.listdir(args.models)
            if os.path.isfile(os.path.join(args.models, n, "model.onnx")))
        for name in names:
            d = os.path.join(args.models, name)
            with open(os.path.join(d, "input_0.bin"), "rb") as f:
                jobs.append((name, os.path.join(d, "model.onnx"), f.read()))
    for path in args.model_file:
        jobs.append((os.path.basename(path), os.path.abspath(path), None))
    variants = [("layerwise", ["--schedule=layerwise"])]
    variants += [("fused, max-overhead %g" % o,
                  ["--schedule=fused", "--max-overhead=%g" % o])
                 for o in overheads]
    variants += [("fused, sram-budget %s" % b,
                  ["--schedule=fused", "--sram-budget=" + b])
                 for b in args.budget]

    md = ("| model | variant | arena B | peak SRAM B | SRAM ratio | "
          "instructions | instr ratio | MACs | code B | = layerwise |\n"
          "|---|---|--:|--:|--:|--:|--:|--:|--:|:-:|\n")
    print("%-22s %-30s %9s %9s %6s %12s %6s %11s %7s %s" % (
        "model", "variant", "arena", "SRAM", "ratio", "instructions",
        "ratio", "MACs", "code", "=layerwise"))
    failures = 0
    for name, model, data in jobs:
        base = None
        for label, flags in variants:
            work = os.path.join(work_root, name, label.replace(" ", "_")
                                .replace(",", ""))
            gen = os.path.join(work, "gen")
            p = subprocess.run([compiler, model, "-o",
                                gen, "--target", args.target, "-q"] + flags,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            if p.returncode != 0:
                lines = p.stdout.strip().splitlines() or ["(no output)"]
                why = next((l for l in lines if "error:" in l), lines[-1])
                why = why.split("error: ", 1)[-1][:160]
                print("%-22s %-30s does not compile: %s" % (name, label, why))
                md += "| %s | %s | %s |||||||\n" % (name, label, why)
                continue
            if data is None:
                # Random input bytes of the model's input size (seed 1).
                with open(os.path.join(gen, "model.h")) as f:
                    size = int(re.search(r"#define MODEL_INPUT_SIZE (\d+)u",
                                         f.read()).group(1))
                data = random.Random(1).randbytes(size)
            try:
                r = mcu.bench(gen, args.target, plugin, data, work)
            except mcu.Skip as e:
                print("%-22s %-30s SKIPPED: %s" % (name, label, e))
                continue
            if base is None:
                base = r
            same = (r["output_sha256"] == base["output_sha256"] and
                    r["output_matches_host"])
            failures += 0 if same else 1
            ratio = base["sram_bytes"] / r["sram_bytes"]
            iratio = r["instructions"] / base["instructions"]
            print("%-22s %-30s %9d %9d %5.2fx %12d %5.3fx %11d %7d %s" % (
                name, label, r["arena_bytes"], r["sram_bytes"], ratio,
                r["instructions"], iratio, r["macs"], r["flash_code_bytes"],
                "yes" if same else "NO"))
            md += "| %s | %s | %d | %d | %.2fx | %d | %.3fx | %d | %d | %s |\n" \
                % (name, label, r["arena_bytes"], r["sram_bytes"], ratio,
                   r["instructions"], iratio, r["macs"], r["flash_code_bytes"],
                   "yes" if same else "**NO**")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(md)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
