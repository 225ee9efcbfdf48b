#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validates the QEMU instruction counter (bench/plugin/insn_count.c).

Builds bench/counter.S (Cortex-M7 and M4) for N = 1000 and 100000 loop iterations, derives the
expected count a + b*N from the disassembly (instructions of bench_start,
of main around the loop, and of the loop body), runs each under QEMU three
times and checks that the counts are identical and equal to the expected
one. Exit 0 pass, 1 fail, 77 tools missing."""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORES = {
    "mps2-an500": ["-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=hard",
                   "-mfpu=fpv5-d16"],
    "mps2-an386": ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard",
                   "-mfpu=fpv4-sp-d16"],
}


def out(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          text=True, **kw).stdout


def disassemble(elf):
    """{function or label: [mnemonic + operands, ...]} from objdump -d."""
    blocks, cur = {}, None
    for line in out(["arm-none-eabi-objdump", "-d", elf]).splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            cur = m.group(1)
            blocks[cur] = []
            continue
        m = re.match(r"^\s+[0-9a-f]+:\s+(?:[0-9a-f]{4}\s?){1,2}\s+(\S.*)$",
                     line)
        if m and cur:
            blocks[cur].append(m.group(1).strip())
    return blocks


def expected_count(elf, n):
    d = disassemble(elf)
    start = d["bench_start"]
    assert start[-1].startswith("bx"), start
    main, loop = d["main"], d["count_loop"]
    i_start = next(i for i, s in enumerate(main) if "<bench_start>" in s)
    # main: after `bl bench_start` up to the loop label
    a = len(start) + (len(main) - i_start - 1)
    # count_loop block: loop body up to and including the conditional branch,
    # then straight on to `bl bench_stop` (included: the count stops at the
    # first instruction of bench_stop).
    i_branch = next(i for i, s in enumerate(loop) if s.startswith("bne"))
    i_stop = next(i for i, s in enumerate(loop) if "<bench_stop>" in s)
    body = i_branch + 1
    a += i_stop - i_branch
    return a + body * n, a, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--work", default="counter-work")
    args = ap.parse_args()
    tools = ["qemu-system-arm", "arm-none-eabi-gcc", "arm-none-eabi-objdump",
             "arm-none-eabi-nm"]
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        print("SKIP: missing " + ", ".join(missing))
        return 77
    os.makedirs(args.work, exist_ok=True)
    ok = True
    for machine, n in [(m, n) for m in CORES for n in (1000, 100000)]:
        elf = os.path.join(args.work, "counter_%s_%d.elf" % (machine, n))
        out(["arm-none-eabi-gcc"] + CORES[machine] +
            ["-O2", "-ffreestanding", "-nostartfiles", "-nostdlib",
             "-DLOOP_N=%d" % n, "-I", HERE, os.path.join(HERE, "counter.S"),
             os.path.join(HERE, "startup.c"), "-T",
             os.path.join(HERE, "link.ld"), "-o", elf])
        want, a, b = expected_count(elf, n)
        syms = {}
        for line in out(["arm-none-eabi-nm", elf]).splitlines():
            p = line.split()
            if len(p) == 3:
                syms[p[2]] = int(p[0], 16) & ~1
        counts = []
        for run in range(3):
            res = os.path.join(args.work,
                               "counts_%s_%d_%d.txt" % (machine, n, run))
            subprocess.run(
                ["qemu-system-arm", "-M", machine, "-display", "none",
                 "-monitor", "none", "-serial", "none", "-icount", "shift=0",
                 "-plugin", "%s,start=0x%x,stop=0x%x,out=%s" % (
                     args.plugin, syms["bench_start"], syms["bench_stop"], res),
                 "-kernel", elf, "-semihosting-config", "enable=on,target=native"],
                check=True, timeout=60, stdin=subprocess.DEVNULL)
            with open(res) as f:
                counts.append(int(re.search(r"^total (\d+)$", f.read(),
                                            re.M).group(1)))
        good = counts == [want] * 3
        ok &= good
        print("%s N=%-7d expected %d + %d*N = %d, measured %s: %s" % (
            machine, n, a, b, want, counts, "ok" if good else "MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
