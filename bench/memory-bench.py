#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Arena sizes of the memory planner against its baselines
(docs/Memory.md, "Benchmark").

For every .onnx model under --models-dir, the repository's own example
model(s) (docs/examples/*.onnxtxt) and a few generated MobileNetV2-style
graphs (python/mcunet_testgen/gengraph.py --mobilenet), runs
--te-default-pipeline with its report and prints one row per model:

  naive        every buffer its own bytes (in-place off)
  TFLM greedy  TensorFlow Lite Micro's greedy planner      } on the same op
  TE first fit TinyEngine's first fit                      } order and
  ours         our planner (the arena the C gets)          } in-place ops
  LB           the lower bound: bytes live at the worst op } as ours
  ours vs LB   how far ours is above the bound
  no in-place  ours with inplace=false (schedule and placement as usual)
  gain         in-place gain, no in-place / ours

Usage:
  bench/memory-bench.py [--models-dir ../shared/models] [--tool-dir build/bin]
                        [--mobilenet N] [--markdown]

Exits 1 if a model fails to import or plan, 0 otherwise.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
from mcunet_testgen import gengraph  # noqa: E402

PLAN_RE = re.compile(r"remark: arena plan: (?P<plans>.*), "
                     r"lower bound (?P<lb>\d+) B")
ENTRY_RE = re.compile(r"([a-z-]+) (\d+) B")
COLUMNS = ("model", "naive", "TFLM greedy", "TE first fit", "ours", "LB",
           "ours vs LB", "no in-place", "in-place gain")


def plan(tool_dir, mlir, options):
    """The 'arena plan' remark of the default pipeline with `options`, as
    {strategy: bytes, "lower bound": bytes}."""
    r = subprocess.run(
        [os.path.join(tool_dir, "mcunet-opt"),
         "--mlir-print-op-on-diagnostic=false",
         "--te-default-pipeline=report=true " + options, "-", "-o",
         os.devnull], input=mlir, capture_output=True, text=True)
    matches = list(PLAN_RE.finditer(r.stderr))
    if r.returncode != 0 or not matches:
        raise RuntimeError("mcunet-opt (%s) failed: %s" % (
            options or "defaults", r.stderr.strip()[-1000:]))
    entries = ENTRY_RE.findall(matches[-1]["plans"])
    report = {name: int(b) for name, b in entries}
    report["lower bound"] = int(matches[-1]["lb"])
    return report


def import_onnx(tool_dir, path):
    r = subprocess.run([os.path.join(tool_dir, "mcunet-translate"),
                        "--import-onnx", path], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("import failed: " + r.stderr.strip()[-1000:])
    return r.stdout


def models(args):
    """(name, loader) of every model, loader() giving its te MLIR."""
    found = []
    if args.models_dir and os.path.isdir(args.models_dir):
        pattern = os.path.join(args.models_dir, "**", "*.onnx")
        for path in sorted(glob.glob(pattern, recursive=True)):
            rel = os.path.relpath(path, args.models_dir)
            if os.path.basename(rel) == "model.onnx":
                rel = os.path.dirname(rel)
            name = rel
            found.append((name, lambda p=path: import_onnx(args.tool_dir, p)))
    examples = os.path.join(ROOT, "docs", "examples", "*.onnxtxt")
    for path in sorted(glob.glob(examples)):
        found.append(("docs/examples/" + os.path.basename(path),
                      lambda p=path: import_onnx(args.tool_dir, p)))
    for k in range(args.mobilenet):
        _, text = gengraph.generate(args.seed, k, mobilenet=True)
        size = re.search(r"%arg0: tensor<1x(\d+)x(\d+)x3x", text).groups()
        found.append(("generated MobileNetV2 #%d (%sx%s)" % (k, *size),
                      lambda t=text: t))
    return found


def row(args, name, load):
    mlir = load()
    ours = plan(args.tool_dir, mlir, "")
    no_inplace = plan(args.tool_dir, mlir, "inplace=false")
    o, lb = ours["ours"], ours["lower bound"]
    return [name, no_inplace["naive"], ours["tflm-greedy"],
            ours["tinyengine-first-fit"], o, lb,
            "+%.2f%%" % (100.0 * (o - lb) / lb) if lb else "-",
            no_inplace["ours"],
            "%.2fx" % (no_inplace["ours"] / o) if o else "-"]


def cell(v):
    return "{:,}".format(v) if isinstance(v, int) else v


def print_table(rows, markdown):
    text = [[cell(v) for v in r] for r in rows]
    if markdown:
        print("| " + " | ".join(COLUMNS) + " |")
        print("|---" + "|---:" * (len(COLUMNS) - 1) + "|")
        for r in text:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max(len(str(r[i])) for r in [COLUMNS] + text)
              for i in range(len(COLUMNS))]
    for r in [COLUMNS] + text:
        print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                        for i, (v, w) in enumerate(zip(r, widths))))


def main(argv):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models-dir",
                    default=os.path.join(ROOT, "..", "shared", "models"),
                    help="folder searched for .onnx models (../shared/models)")
    ap.add_argument("--tool-dir", default=os.path.join(ROOT, "build", "bin"),
                    help="where mcunet-opt and mcunet-translate are")
    ap.add_argument("--mobilenet", type=int, default=3,
                    help="generated MobileNetV2-style graphs (3)")
    ap.add_argument("--seed", type=int, default=1,
                    help="seed of the generated graphs (1)")
    ap.add_argument("--markdown", action="store_true",
                    help="print a Markdown table (for docs/)")
    args = ap.parse_args(argv)
    rows, failed = [], []
    for name, load in models(args):
        try:
            rows.append(row(args, name, load))
        except RuntimeError as e:
            failed.append((name, str(e)))
    print_table(rows, args.markdown)
    for name, message in failed:
        print("FAIL %s: %s" % (name, message), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
