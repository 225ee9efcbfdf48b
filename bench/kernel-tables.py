#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Markdown tables of a `mcu-bench.py --compare-kernels --json F` run: per
model (instructions, MACs per instruction, flash code and weights, with the
portable reference kernels and with the specialized ones) and per layer type
(the layers of one kind summed: conv by the kernel it gets, depthwise,
fully connected, add, pooling, ...). docs/benchmarks.md shows them.

  kernel-tables.py --json bench.json --work WORK [--target cortex-m7]

WORK is the --work folder of that run: each layer's kernel is read from the
report.json that mcunet-compile wrote there.
"""

import argparse
import collections
import json
import os
import sys


def kinds(work, name, target):
    """Layer name -> 'conv (pointwise)', 'dwconv (depthwise)', ... from the
    specialized build's report.json."""
    path = os.path.join(work, name, target, "specialized", "gen", "report.json")
    result = {}
    with open(path) as f:
        for layer in json.load(f)["layers"]:
            kind = layer["name"].split("_")[1]
            if layer.get("kernel"):
                kind += " (%s%s)" % (layer["kernel"],
                                     ", int16 weights"
                                     if layer.get("int16_weights") else "")
            result[layer["name"]] = kind
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--target", default="cortex-m7")
    args = ap.parse_args()
    with open(args.json) as f:
        results = json.load(f)
    by = {(r["name"], r["target"], r.get("kernels")): r for r in results
          if "instructions" in r}
    models = sorted({(n, t) for n, t, _ in by})

    print("| model | core | instructions, reference | instructions, "
          "specialized | reference / specialized | MACs/instr, reference | "
          "MACs/instr, specialized | code B, reference | code B, specialized "
          "| weights B, reference | weights B, specialized |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, target in models:
        ref, spec = by.get((name, target, "reference")), by.get((name, target, "specialized"))
        if not ref or not spec:
            continue
        print("| %s | %s | %d | %d | %.2fx | %.3f | %.3f | %d | %d | %d | %d |" % (
            name, target, ref["instructions"], spec["instructions"],
            ref["instructions"] / spec["instructions"],
            ref["macs_per_instruction"], spec["macs_per_instruction"],
            ref["flash_code_bytes"], spec["flash_code_bytes"],
            ref["flash_weights_bytes"], spec["flash_weights_bytes"]))

    print("\nPer layer type, %s (instructions summed over the layers of a "
          "kind; the kind is the specialized build's kernel):\n" % args.target)
    print("| model | layer type | layers | MACs | instructions, reference | "
          "instructions, specialized | reference / specialized | MACs/instr, "
          "reference | MACs/instr, specialized | share of the specialized total |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, target in models:
        if target != args.target:
            continue
        ref, spec = by.get((name, target, "reference")), by.get((name, target, "specialized"))
        if not ref or not spec:
            continue
        kind_of = kinds(args.work, name, target)
        ref_layers = {l["name"]: l for l in ref["layers"]}
        agg = collections.OrderedDict()
        for layer in spec["layers"]:
            kind = kind_of.get(layer["name"], layer["name"].split("_")[1])
            a = agg.setdefault(kind, [0, 0, 0, 0])
            a[0] += 1
            a[1] += layer["macs"]
            a[2] += ref_layers[layer["name"]]["instructions"] if layer["name"] in ref_layers else 0
            a[3] += layer["instructions"]
        traced = sum(a[3] for a in agg.values())
        for kind, (n, macs, ri, si) in sorted(agg.items(), key=lambda kv: -kv[1][3]):
            print("| %s | %s | %d | %d | %d | %d | %s | %.3f | %.3f | %.1f%% |" % (
                name, kind, n, macs, ri, si,
                "%.2fx" % (ri / si) if si else "-",
                macs / ri if ri else 0.0, macs / si if si else 0.0,
                100.0 * si / traced))
    print("\nThe 1x1 convolutions by input channels, %s (the kernel issue's "
          "target: >= 1.0 MAC/instr on those with >= 16 input channels):\n"
          % args.target)
    print("| model | input channels | layers | MACs | instructions, "
          "specialized | MACs/instr |")
    print("|---|---|--:|--:|--:|--:|")
    for name, target in models:
        spec = by.get((name, target, "specialized"))
        if target != args.target or not spec:
            continue
        path = os.path.join(args.work, name, target, "specialized", "gen",
                            "report.json")
        with open(path) as f:
            info = {l["name"]: l for l in json.load(f)["layers"]}
        groups = collections.OrderedDict(
            [("< 16", [0, 0, 0]), (">= 16", [0, 0, 0])])
        for layer in spec["layers"]:
            l = info.get(layer["name"])
            if not l or l.get("kernel") != "pointwise":
                continue
            n, h, w, oc = (int(d) for d in l["output_shape"].split("x"))
            ic = layer["macs"] // (n * h * w * oc)
            g = groups["< 16" if ic < 16 else ">= 16"]
            g[0] += 1
            g[1] += layer["macs"]
            g[2] += layer["instructions"]
        for label, (n, macs, instr) in groups.items():
            if n:
                print("| %s | %s | %d | %d | %d | %.3f |" % (
                    name, label, n, macs, instr, macs / instr))
    return 0


if __name__ == "__main__":
    sys.exit(main())
