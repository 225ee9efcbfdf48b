#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The Cortex-M DSP path of the specialized kernels against their portable C
path, on random models (docs/benchmarks.md, "Kernels").

For each seed: python/mcunet_testgen/genmodel.py makes a random int8 QDQ
model from the MCUNet search space, mcunet-compile compiles it (specialized
kernels: pointwise, depthwise, im2col), and mcu-bench.py runs the generated C
on a random input twice: built for the host (where __ARM_FEATURE_DSP is not
defined: the portable path) and for Cortex-M7 and Cortex-M4 under QEMU (the
__sxtb16/__smlad/__ssat path). The outputs must be identical byte for byte.

  dsp-vs-portable.py --compiler build/bin/mcunet-compile \\
      --plugin build/lib/libmcunet_insn_count.so --count 8 --seed 1000

Exit status: 0 all identical, 1 a difference or failure, 77 a tool
(qemu-system-arm, arm-none-eabi-gcc) is missing.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENMODEL = os.path.join(HERE, "..", "python", "mcunet_testgen", "genmodel.py")
BENCH = os.path.join(HERE, "mcu-bench.py")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--target", action="append")
    parser.add_argument("--work")
    parser.add_argument("--compile-arg", action="append", default=[],
                        metavar="ARG",
                        help="one more mcunet-compile argument (repeatable)")
    parser.add_argument("--relu-below-zero", action="store_true",
                        help="models whose fused ReLUs clamp above -128 "
                             "(genmodel.py --relu-below-zero)")
    parser.add_argument("--pointwise-chain", metavar="C0,C1,...",
                        help="fixed models: a stem, then 1x1 layers to these "
                             "channels (genmodel.py --pointwise-chain)")
    parser.add_argument("--define", action="append", default=[],
                        metavar="NAME[=VALUE]",
                        help="a -D of the Cortex-M builds (repeatable), e.g. "
                             "MCUNET_NO_ASM")
    args = parser.parse_args()
    targets = args.target or ["cortex-m7", "cortex-m4"]
    for tool in ("qemu-system-arm", "arm-none-eabi-gcc"):
        if shutil.which(tool) is None:
            print("SKIP: %s not found" % tool)
            return 77
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="dsp-vs-portable-"))
    os.makedirs(work, exist_ok=True)
    subprocess.run([python, GENMODEL, "--seed", str(args.seed), "--count",
                    str(args.count), "--out", work] +
                   (["--relu-below-zero"] if args.relu_below_zero else []) +
                   (["--pointwise-chain", args.pointwise_chain]
                    if args.pointwise_chain else []),
                   check=True, stdout=subprocess.DEVNULL)
    failures = 0
    kernels = {}
    for k in range(args.count):
        seed = args.seed + k
        folder = os.path.join(work, "seed_%d" % seed)
        gen = os.path.join(folder, "c")
        done = subprocess.run([args.compiler, "-q", os.path.join(folder, "model.onnx"),
                               "-o", gen] + args.compile_arg,
                              capture_output=True, text=True)
        if done.returncode != 0:
            print("seed %d: mcunet-compile failed:\n%s" % (seed, done.stderr))
            failures += 1
            continue
        with open(os.path.join(gen, "report.json")) as f:
            report = json.load(f)
        for layer in report["layers"]:
            if layer["kernel"]:
                kind = layer["kernel"] + (
                    " %s" % layer["tile"] if "tile" in layer else "") + (
                    " (int16 weights)" if layer.get("int16_weights") else "")
                kernels[kind] = kernels.get(kind, 0) + 1
        size = report["inputs"][0]["bytes"]
        rng = random.Random(seed)
        inp = os.path.join(folder, "random_input.bin")
        with open(inp, "wb") as f:
            f.write(bytes(rng.randrange(256) for _ in range(size)))
        for target in targets:
            out = os.path.join(folder, "qemu-%s.json" % target)
            done = subprocess.run(
                [python, BENCH, "--gen", gen, "--target", target, "--plugin",
                 args.plugin, "--input", inp, "--work",
                 os.path.join(folder, "work-" + target), "--json", out] +
                ["--define=" + d for d in args.define],
                capture_output=True, text=True)
            ok = False
            if done.returncode == 0 and os.path.exists(out):
                with open(out) as f:
                    ok = json.load(f).get("output_matches_host") is True
            print("seed %d %s: %s" % (seed, target, "identical" if ok else "DIFFERS or failed"))
            if not ok:
                print(done.stdout[-2000:] + done.stderr[-2000:])
                failures += 1
    print("specialized layers covered: " +
          ", ".join("%s %d" % kv for kv in sorted(kernels.items())))
    print("%d models x %d cores: %s" % (args.count, len(targets),
                                        "all identical" if not failures else "%d failed" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
