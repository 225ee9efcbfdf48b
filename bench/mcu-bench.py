#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Cortex-M benchmark of compiled models under QEMU (docs/benchmarks.md).

For each model: builds the generated C for the host (the reference) and for
Cortex-M7 (QEMU mps2-an500) or Cortex-M4 (mps2-an386) with the bench/
harness, runs one warm-up and one measured inference under QEMU with the
instruction-counting plugin (-icount shift=0: deterministic), checks that the
output is bit-identical to the host build's, and reports instructions per
inference (total and per layer), MACs, MACs per instruction, flash (model
code / weights and tables / rest), arena, stack high-water mark and SRAM.

  mcu-bench.py --gen OUTDIR --target cortex-m7 --plugin libmcunet_insn_count.so
               [--input in.bin] [--json qemu.json]
  mcu-bench.py --models DIR --compiler mcunet-compile --plugin ... \
               --target cortex-m7 [--json all.json] [--markdown table.md]
               [--update-doc docs/benchmarks.md]

Exit status: 0 all outputs match, 1 a mismatch or failure, 77 a tool
(qemu-system-arm, arm-none-eabi-gcc) or the models are missing.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOST_MAIN = os.path.join(ROOT, "test", "Target", "C", "Inputs", "run_model.c")

CORES = {
    "cortex-m7": ("mps2-an500",
                  ["-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=hard",
                   "-mfpu=fpv5-d16"]),
    "cortex-m4": ("mps2-an386",
                  ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard",
                   "-mfpu=fpv4-sp-d16"]),
}
CFLAGS = ["-O2", "-ffreestanding", "-ffunction-sections", "-fdata-sections",
          "-Wall"]
LDFLAGS = ["-nostartfiles", "--specs=nano.specs", "--specs=nosys.specs",
           "-Wl,--gc-sections", "-T", os.path.join(HERE, "link.ld")]
QEMU_TIMEOUT = 600


class Skip(Exception):
    pass


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw)


def check(cmd, **kw):
    p = run(cmd, **kw)
    if p.returncode != 0:
        raise RuntimeError("failed: %s\n%s" % (" ".join(cmd), p.stdout))
    return p.stdout


def need_tools():
    missing = [t for t in ("qemu-system-arm", "arm-none-eabi-gcc",
                           "arm-none-eabi-nm", "arm-none-eabi-size", "cc")
               if not shutil.which(t)]
    if missing:
        print("SKIP: missing " + ", ".join(missing))
        sys.exit(77)


def symbols(elf):
    out = check(["arm-none-eabi-nm", elf])
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16) & ~1
    return syms


def sections(elf):
    out = check(["arm-none-eabi-size", "-A", "-d", elf])
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith("."):
            sizes[parts[0]] = int(parts[1])
    return sizes


FLASH_SECTIONS = (".vectors", ".text", ".rodata", ".ARM.exidx", ".data")


def qemu(elf, machine, plugin, syms, work, mark):
    counts = os.path.join(work, "counts.txt")
    if os.path.exists(counts):
        os.remove(counts)
    args = "%s,start=0x%x,stop=0x%x,out=%s" % (
        plugin, syms["bench_start"], syms["bench_stop"], counts)
    if mark:
        args += ",mark=0x%x" % syms["bench_layer_mark"]
    cmd = ["qemu-system-arm", "-M", machine, "-display", "none", "-monitor",
           "none", "-serial", "none", "-icount", "shift=0", "-plugin", args,
           "-kernel", elf, "-chardev", "stdio,id=sh0", "-semihosting-config",
           "enable=on,target=native,chardev=sh0"]
    start = time.time()
    p = run(cmd, cwd=work, timeout=QEMU_TIMEOUT, stdin=subprocess.DEVNULL)
    seconds = time.time() - start
    if p.returncode != 0:
        raise RuntimeError("qemu exit %d: %s\n%s" % (p.returncode,
                                                     " ".join(cmd), p.stdout))
    m = re.search(r"stack_bytes=(\d+)", p.stdout)
    with open(counts) as f:
        lines = f.read().split("\n")
    total, marks = None, []
    for line in lines:
        if line.startswith("total "):
            total = int(line.split()[1])
        elif line.startswith("mark "):
            marks.append(int(line.split()[1]))
        elif line.startswith("error"):
            raise RuntimeError("plugin: " + line)
    with open(os.path.join(work, "output.bin"), "rb") as f:
        output = f.read()
    return {"instructions": total, "marks": marks,
            "stack_bytes": int(m.group(1)) if m else None,
            "output": output, "seconds": seconds}


def trace_names(model_c):
    """The MODEL_TRACE calls of model_run, in order."""
    with open(model_c) as f:
        return re.findall(r'MODEL_TRACE\(\d+, "([^"]*)"', f.read())


def bench(gen, target, plugin, input_bytes, work, expected=None):
    """Measures one generated model; returns the qemu.json dictionary."""
    machine, flags = CORES[target]
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(gen, "report.json")) as f:
        report = json.load(f)
    inp = os.path.join(work, "input.bin")
    with open(inp, "wb") as f:
        f.write(input_bytes)

    # The host reference: the same C built with cc.
    host = os.path.join(work, "host")
    check(["cc", "-O2", "-I", gen, os.path.join(gen, "model.c"),
           os.path.join(gen, "model_weights.c"), HOST_MAIN, "-o", host, "-lm"])
    host_out = os.path.join(work, "host_output.bin")
    check([host, inp, host_out])
    with open(host_out, "rb") as f:
        host_output = f.read()

    gcc = ["arm-none-eabi-gcc"] + flags + CFLAGS + ["-I", gen, "-I", HERE]

    def obj(src, name, extra=()):
        o = os.path.join(work, name + ".o")
        check(gcc + list(extra) + ["-c", src, "-o", o])
        return o

    common = [obj(os.path.join(HERE, "startup.c"), "startup"),
              obj(os.path.join(HERE, "harness.c"), "harness")]
    weights = obj(os.path.join(gen, "model_weights.c"), "model_weights")
    plain = obj(os.path.join(gen, "model.c"), "model")
    traced = obj(os.path.join(gen, "model.c"), "model_traced",
                 ["-include", os.path.join(HERE, "trace.h")])
    stub = obj(os.path.join(HERE, "stub_model.c"), "stub_model")

    def link(objs, name):
        elf = os.path.join(work, name + ".elf")
        p = run(gcc + objs + LDFLAGS + ["-o", elf, "-lm"])
        if p.returncode != 0:
            if "overflowed" in p.stdout or "will not fit" in p.stdout:
                raise Skip("does not fit the 4 MiB flash/SRAM of mps2: " +
                           " ".join(l for l in p.stdout.splitlines()
                                    if "overflow" in l))
            raise RuntimeError("link failed:\n" + p.stdout)
        return elf

    base_elf = link(common + [stub], "baseline")
    plain_elf = link(common + [plain, weights], "model")
    traced_elf = link(common + [traced, weights], "model_traced")

    measured = qemu(plain_elf, machine, plugin, symbols(plain_elf), work, False)
    layered = qemu(traced_elf, machine, plugin, symbols(traced_elf), work, True)

    full, base = sections(plain_elf), sections(base_elf)
    flash_total = sum(full.get(s, 0) for s in FLASH_SECTIONS)
    code = full.get(".text", 0) - base.get(".text", 0)
    weights_bytes = full.get(".rodata", 0) - base.get(".rodata", 0)
    static_sram = (full.get(".bss", 0) + full.get(".data", 0)) - \
        (base.get(".bss", 0) + base.get(".data", 0))

    names = trace_names(os.path.join(gen, "model.c"))
    marks = layered["marks"]
    if len(marks) != len(names):
        raise RuntimeError("%d layer marks for %d MODEL_TRACE calls" %
                           (len(marks), len(names)))
    macs_of = {l["name"]: l.get("macs", 0) for l in report.get("layers", [])}
    layers, prev = [], 0
    for name, m in zip(names, marks):
        layers.append({"name": name, "instructions": m - prev,
                       "macs": macs_of.get(name, 0)})
        prev = m
    for l in layers:
        l["macs_per_instruction"] = round(l["macs"] / l["instructions"], 4) \
            if l["instructions"] else 0.0

    insns = measured["instructions"]
    macs = report.get("macs", 0)
    result = {
        "model": report.get("model", gen),
        "target": target,
        "machine": machine,
        "instructions": insns,
        "instructions_traced": layered["instructions"],
        "macs": macs,
        "macs_per_instruction": round(macs / insns, 4) if insns else 0.0,
        "flash_code_bytes": code,
        "flash_weights_bytes": weights_bytes,
        "flash_rest_bytes": flash_total - code - weights_bytes,
        "flash_total_bytes": flash_total,
        "arena_bytes": report.get("arena_bytes"),
        "static_sram_bytes": static_sram,
        "stack_bytes": measured["stack_bytes"],
        "sram_bytes": static_sram + (measured["stack_bytes"] or 0),
        "output_matches_host": measured["output"] == host_output and
                               layered["output"] == host_output,
        "output_sha256": hashlib.sha256(measured["output"]).hexdigest(),
        "output_matches_expected": (measured["output"] == expected)
                                   if expected is not None else None,
        "qemu_seconds": round(measured["seconds"] + layered["seconds"], 2),
        "layers": layers,
    }
    return result


HEADER = ("| model | core | instructions | MACs | MACs/instr | code B | "
          "weights B | rest B | arena B | stack B | SRAM B | = host |\n"
          "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|\n")


def row(name, r):
    if "skipped" in r:
        return "| %s | %s | %s |||||||||\n" % (name, r["target"], r["skipped"])
    return "| %s | %s | %d | %d | %.3f | %d | %d | %d | %d | %d | %d | %s |\n" % (
        name, r["target"], r["instructions"], r["macs"],
        r["macs_per_instruction"], r["flash_code_bytes"],
        r["flash_weights_bytes"], r["flash_rest_bytes"], r["arena_bytes"],
        r["stack_bytes"], r["sram_bytes"],
        "yes" if r["output_matches_host"] else "**NO**")


def layer_table(r):
    s = "| layer | instructions | MACs | MACs/instr |\n|---|--:|--:|--:|\n"
    for l in r["layers"]:
        s += "| %s | %d | %d | %.3f |\n" % (l["name"], l["instructions"],
                                            l["macs"],
                                            l["macs_per_instruction"])
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--gen", help="folder written by mcunet-compile")
    ap.add_argument("--models", help="folder of <model>/model.onnx folders")
    ap.add_argument("--compiler", help="mcunet-compile (with --models)")
    ap.add_argument("--target", action="append",
                    help="cortex-m7 or cortex-m4 (repeatable)")
    ap.add_argument("--plugin", required=True, help="libmcunet_insn_count.so")
    ap.add_argument("--input", help="raw input (--gen; default: zeros)")
    ap.add_argument("--work", help="scratch folder")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--markdown", help="write a markdown table here")
    ap.add_argument("--update-doc",
                    help="replace the table between the mcu-bench markers "
                         "of this markdown file")
    ap.add_argument("--compare-kernels", action="store_true",
                    help="with --models: build every model twice, with the "
                         "portable reference kernels and the specialized "
                         "ones, and print the ratio of instructions "
                         "(reference / specialized) per model and core")
    ap.add_argument("--layers", action="store_true",
                    help="print the per-layer table too")
    ap.add_argument("--compile-arg", action="append", default=[],
                    metavar="ARG",
                    help="with --models: one more mcunet-compile argument "
                         "(repeatable), e.g. --compile-arg=--int16-weights-"
                         "budget=unlimited")
    ap.add_argument("--opt", default="-O2",
                    help="optimization flag of the Cortex-M build (-O2 by "
                         "default; -Os for the code-size figure)")
    ap.add_argument("--define", action="append", default=[],
                    metavar="NAME[=VALUE]",
                    help="a -D of the Cortex-M build (repeatable), e.g. "
                         "--define MCUNET_NO_ASM for the C path of the "
                         "kernels' inline assembly")
    args = ap.parse_args()
    if args.opt not in ("-O0", "-O1", "-O2", "-O3", "-Os", "-Oz"):
        ap.error("--opt must be one of -O0 -O1 -O2 -O3 -Os -Oz")
    CFLAGS[0] = args.opt
    CFLAGS.extend("-D" + d for d in args.define)
    targets = args.target or ["cortex-m7"]
    for t in targets:
        if t not in CORES:
            ap.error("unknown target " + t)
    need_tools()
    args.plugin = os.path.abspath(args.plugin)  # QEMU runs in the work folder
    if args.compiler:
        args.compiler = os.path.abspath(args.compiler)
    if not os.path.exists(args.plugin):
        print("error: no plugin at " + args.plugin)
        return 1

    jobs = []  # (name, gen, input bytes, expected bytes or None)
    work_root = os.path.abspath(args.work or
                                tempfile.mkdtemp(prefix="mcu-bench-"))
    if args.gen:
        gen = os.path.abspath(args.gen)
        with open(os.path.join(gen, "model.h")) as f:
            size = int(re.search(r"#define MODEL_INPUT_SIZE (\d+)u",
                                 f.read()).group(1))
        if args.input:
            with open(args.input, "rb") as f:
                data = f.read()
        else:
            print("input: %d zero bytes (no --input given)" % size)
            data = bytes(size)
        name = os.path.basename(gen.rstrip("/"))
        try:
            with open(os.path.join(gen, "report.json")) as f:
                model = json.load(f).get("model", "")
            stem = os.path.splitext(os.path.basename(model))[0]
            parent = os.path.basename(os.path.dirname(os.path.abspath(model)))
            name = parent if stem == "model" and parent else stem or name
        except (OSError, ValueError):
            pass
        jobs.append((name, gen, data, None))
    elif args.models:
        if not os.path.isdir(args.models):
            print("SKIP: no models folder " + args.models)
            return 77
        if not args.compiler:
            ap.error("--models needs --compiler")
        for name in sorted(os.listdir(args.models)):
            d = os.path.join(args.models, name)
            onnx = os.path.join(d, "model.onnx")
            inp = os.path.join(d, "input_0.bin")
            if not (os.path.isfile(onnx) and os.path.isfile(inp)):
                continue
            exp = os.path.join(d, "expected_output_0.bin")
            with open(inp, "rb") as f:
                data = f.read()
            expected = None
            if os.path.isfile(exp):
                with open(exp, "rb") as f:
                    expected = f.read()
            jobs.append((name, onnx, data, expected))
        if not jobs:
            print("SKIP: no models in " + args.models)
            return 77
    else:
        ap.error("give --gen or --models")

    results, failures, md = [], 0, HEADER
    variants = ["reference", "specialized"] if args.compare_kernels else [None]
    if args.compare_kernels and not args.models:
        ap.error("--compare-kernels needs --models")
    ratios = []  # (name, target, reference result, specialized result)
    for name, src, data, expected in jobs:
        for target in targets:
            by_variant = {}
            for variant in variants:
                work = os.path.join(work_root, name, target, variant or "")
                label = name if variant is None else "%s [%s]" % (name, variant)
                try:
                    gen = src
                    if args.models:
                        gen = os.path.join(work, "gen")
                        check([args.compiler, src, "-o", gen, "--target",
                               target, "-q"] +
                              (["--kernels=" + variant] if variant else []) +
                              args.compile_arg)
                    r = bench(gen, target, args.plugin, data, work, expected)
                except Skip as e:
                    r = {"model": name, "target": target, "skipped": str(e)}
                    print("%-28s %-9s SKIPPED: %s" % (label, target, e))
                except Exception as e:  # report and go on with the next model
                    print("%-28s %-9s FAILED: %s" % (label, target, e))
                    failures += 1
                    continue
                r["name"] = name
                if variant:
                    r["kernels"] = variant
                results.append(r)
                md += row(label, r)
                if "skipped" in r:
                    continue
                by_variant[variant] = r
                ok = r["output_matches_host"]
                failures += 0 if ok else 1
                print("%-28s %-9s %12d instr  %10d MACs  %.3f MAC/instr  "
                      "code %d  weights %d  rest %d  arena %d  stack %d  "
                      "SRAM %d  host-match %s  (%.1f s)" % (
                          label, target, r["instructions"], r["macs"],
                          r["macs_per_instruction"], r["flash_code_bytes"],
                          r["flash_weights_bytes"], r["flash_rest_bytes"],
                          r["arena_bytes"], r["stack_bytes"], r["sram_bytes"],
                          "yes" if ok else "NO", r["qemu_seconds"]))
                if args.layers:
                    print(layer_table(r))
            if "reference" in by_variant and "specialized" in by_variant:
                ratios.append((name, target, by_variant["reference"],
                               by_variant["specialized"]))
    if ratios:
        md += ("\n| model | core | reference instructions | specialized "
               "instructions | reference / specialized | MACs/instr "
               "(specialized) |\n|---|---|--:|--:|--:|--:|\n")
        print("\n%-28s %-9s %14s %14s %9s" % ("model", "core", "reference",
                                              "specialized", "ratio"))
        for name, target, ref, spec in ratios:
            ratio = ref["instructions"] / spec["instructions"]
            print("%-28s %-9s %14d %14d %8.2fx" % (
                name, target, ref["instructions"], spec["instructions"],
                ratio))
            md += "| %s | %s | %d | %d | %.2fx | %.3f |\n" % (
                name, target, ref["instructions"], spec["instructions"],
                ratio, spec["macs_per_instruction"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results[0] if args.gen and len(results) == 1 else results,
                      f, indent=2, sort_keys=True)
            f.write("\n")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(md)
    if args.update_doc:
        update_doc(args.update_doc, md, results)
    return 1 if failures else 0


BEGIN = "<!-- BEGIN mcu-bench table -->"
END = "<!-- END mcu-bench table -->"


def update_doc(path, md, results):
    """Puts the table (and the per-layer tables) between BEGIN and END."""
    text = md
    for r in results:
        if "layers" in r:
            text += "\n<details><summary>%s, %s: per layer</summary>\n\n%s" \
                    "\n</details>\n" % (r["name"], r["target"], layer_table(r))
    with open(path) as f:
        doc = f.read()
    i, j = doc.index(BEGIN), doc.index(END)
    with open(path, "w") as f:
        f.write(doc[:i + len(BEGIN)] + "\n" + text + doc[j:])


if __name__ == "__main__":
    sys.exit(main())
