#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The memory-planning property test (docs/Memory.md, "Property test").

For N random te graphs (python/mcunet_testgen/gengraph.py: chains,
residual and concat DAGs, branches, several inputs and outputs) it checks

  (a) the default pipeline succeeds, its last pass being the independent
      arena checker --te-verify-memory-plan;
  (b) in the planner's report remark, ours <= tflm-greedy, ours <=
      tinyengine-first-fit and ours >= the lower bound, and the function's
      te.arena_size is the reported "ours";
  (c) the generated C gives the same output bytes as the reference plan,
      where every tensor has its own bytes (strategy=naive, no in-place
      ops, no rescheduling) and the portable reference kernels run
      (specialize=false), so the specialized kernels are checked against
      the reference on the same graphs: both plans are emitted with distinct
      prefixes, each batch of graphs is built into one executable (ours
      with AddressSanitizer), and a generated main feeds the same two
      random inputs, one after the other, to both and compares every
      output byte. The reference runs through <prefix>_run(), ours through
      the zero-copy <prefix>_input()/_invoke()/_output() entry points
      (input and output in the arena).

Usage:
  scripts/memory-property.py [--graphs N] [--seed S] [--tool-dir build/bin]
                             [--jobs J] [--batch B] [--work DIR] [--keep]
                             [--pipeline-options 'inplace=false ...']

Prints a summary (graphs per DAG kind; ours/tflm-greedy,
ours/tinyengine-first-fit, ours/lower bound and ours/naive, max and mean,
the worst graph; time per phase). Exits 0 when every graph passes, 1
otherwise, naming each failing graph (seed and index) and writing its .mlir,
planned modules and full message into a folder it prints; 2 on bad usage or
missing tools.
"""
import argparse
import bisect
import collections
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
from mcunet_testgen import gengraph  # noqa: E402

# The options of --te-default-pipeline for the two plans under comparison:
# ours (the defaults, plus --pipeline-options) with the report remark, and
# the reference (every tensor its own bytes, program order, no in-place).
OURS_OPTIONS = "report=true"
REFERENCE_OPTIONS = "strategy=naive inplace=false schedule=false specialize=false"
STRATEGIES = ("ours", "tflm-greedy", "tinyengine-first-fit", "naive")

# The planned build runs with AddressSanitizer, which catches a plan that
# reaches past the arena or an input or output buffer. UBSan would double
# the build time and checks the kernels' arithmetic, not the plan: the ONNX
# Runtime oracle and the bit-exactness tests run it. The reference build is
# the oracle and needs no sanitizer. -O0: the generated C has no `restrict`,
# so its meaning does not depend on the optimization level, and -O1 compiles
# three to four times slower (docs/Memory.md, "Property test").
BASE_CFLAGS = ["-std=c99", "-O0", "-pipe", "-Wall", "-Wextra", "-Werror"]
SANITIZE = ["-fsanitize=address"]
SAMPLES = 2  # random inputs per graph, run one after the other
TIMEOUT = 300  # seconds for one tool, compiler or harness run

DIAG_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):\d+: "
                     r"(?P<sev>error|warning|remark|note): (?P<msg>.*)$")
PLAN_RE = re.compile(r"^arena plan: (?P<plans>.*), lower bound (?P<lb>\d+) B")
ENTRY_RE = re.compile(r"(?P<name>[a-z-]+) (?P<bytes>\d+) B")
ARENA_RE = re.compile(r"te\.arena_size = (\d+)")
# mcunet-translate without --c-output-dir prints "// ----- <file>" before
# each of the three files; the prefix is this placeholder, replaced by each
# graph's own (lower case in symbols, upper case in macros).
PLACEHOLDER = "mcunetph"
FILE_MARK_RE = re.compile(r"^// ----- (\S+)\n", re.M)


class Graph:
    """One generated graph and what the checks found about it."""

    def __init__(self, seed, index, kind, text):
        self.seed, self.index, self.kind, self.text = seed, index, kind, text
        signature = text[text.index("func.func"):].split(") ->", 1)[0]
        self.inputs = signature.count("%")
        self.outputs = text.split("return ", 1)[1].split(":", 1)[0].count("%")
        self.modules = {}  # plan -> planned MLIR
        self.report = None  # {"ours": bytes, ..., "lower bound": bytes}
        self.chosen = None  # the strategy whose plan the pass kept
        self.failure = None  # (stage, message)

    @property
    def prefix(self):
        return "m%d" % self.index

    def fail(self, stage, message):
        if self.failure is None:
            self.failure = (stage, message.strip())


def run(cmd, timeout=TIMEOUT, **kw):
    """subprocess.run capturing text; a command that outlives `timeout`
    seconds is killed and reported with exit status 124, one that cannot
    start with 127."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=timeout, **kw)
    except OSError as e:
        return subprocess.CompletedProcess(cmd, 127, "", str(e))
    except subprocess.TimeoutExpired as e:
        out, err = (x.decode(errors="replace") if isinstance(x, bytes) else
                    x or "" for x in (e.stdout, e.stderr))
        return subprocess.CompletedProcess(
            cmd, 124, out, err + "\n%s: killed after %d s" % (cmd[0], timeout))


# ---------------------------------------------------------------------------
# mcunet-opt over a batch (-split-input-file)

def opt_batch(cfg, graphs, plan, bdir):
    """Runs the pipeline of `plan` over `graphs` in one mcunet-opt call,
    stores each planned module (and, for ours, the report) on its graph;
    graphs the pipeline rejects are marked failed and the rest rerun."""
    options = cfg.options[plan]
    stage = "pipeline (%s)" % options
    todo = [g for g in graphs if g.failure is None]
    while todo:
        path = os.path.join(bdir, plan + ".mlir")
        starts, line = [], 1
        with open(path, "w") as f:
            for k, g in enumerate(todo):
                text = g.text if k == 0 else "// -----\n" + g.text
                starts.append(line + (0 if k == 0 else 1))
                line += text.count("\n")
                f.write(text)
        r = run([os.path.join(cfg.tool_dir, "mcunet-opt"), "-split-input-file",
                 "--mlir-print-op-on-diagnostic=false",
                 "--te-default-pipeline=" + options, path, "-o", "-"])
        errors = collections.defaultdict(list)
        for diag in filter(None, map(DIAG_RE.match, r.stderr.splitlines())):
            k = bisect.bisect_right(starts, int(diag["line"])) - 1
            g = todo[k] if diag["file"] == path and k >= 0 else None
            if diag["sev"] in ("error", "note"):
                errors[g and g.index].append(diag["sev"] + ": " + diag["msg"])
            elif g and plan == "ours" and PLAN_RE.match(diag["msg"]):
                m = PLAN_RE.match(diag["msg"])
                entries = ENTRY_RE.findall(m["plans"])
                g.chosen = entries[0][0]
                g.report = {name: int(b) for name, b in entries}
                g.report["lower bound"] = int(m["lb"])
        if r.returncode == 0:
            modules = r.stdout.split("\n// -----\n")
            if len(modules) != len(todo):
                for g in todo:
                    g.fail(stage, "mcunet-opt printed %d modules for %d graphs"
                           % (len(modules), len(todo)))
                return
            for g, text in zip(todo, modules):
                g.modules[plan] = text
            return
        if not errors or None in errors:  # no diagnostic says which graph
            if len(todo) == 1:
                todo[0].fail(stage, "mcunet-opt exited with %d:\n%s" % (
                    r.returncode, r.stderr[-2000:]))
                return
            for g in todo:
                opt_batch(cfg, [g], plan, bdir)
            return
        for g in todo:
            if g.index in errors:
                g.fail(stage, "\n".join(errors[g.index]))
        todo = [g for g in todo if g.failure is None]


def check_report(g):
    """Check (b): the report remark, and the arena of the chosen plan."""
    if g.failure:
        return
    rep = g.report
    if rep is None or any(s not in rep for s in STRATEGIES):
        g.fail("report", "no complete 'arena plan' remark: %r" % rep)
        return
    ours, lb = rep["ours"], rep["lower bound"]
    for other in ("tflm-greedy", "tinyengine-first-fit"):
        if ours > rep[other]:
            g.fail("report", "ours %d B > %s %d B" % (ours, other, rep[other]))
    if ours < lb:
        g.fail("report", "ours %d B < lower bound %d B" % (ours, lb))
    arena = ARENA_RE.search(g.modules["ours"])
    if not arena or int(arena.group(1)) != rep[g.chosen]:
        g.fail("report", "te.arena_size %s != reported %s %d B" % (
            arena.group(1) if arena else "missing", g.chosen, rep[g.chosen]))


# ---------------------------------------------------------------------------
# C emission, harness, build, run

def io_name(kind, k, count):
    """The C name of input/output k: `input` alone, else `input0`, ..."""
    return kind if count == 1 else "%s%d" % (kind, k)


def harness_check(g):
    """The C function comparing graph g's two builds on SAMPLES inputs."""
    ref, ours = g.prefix + "_ref", g.prefix + "_ours"

    def size(kind, k, count):
        return "%s_%s_SIZE" % (ref.upper(), io_name(kind, k, count).upper())

    lines = ["static int check_%s(void) {" % g.prefix, "  int bad = 0;"]
    for k in range(g.inputs):
        lines.append("  static int8_t in%d[%s];"
                     % (k, size("input", k, g.inputs)))
    for k in range(g.outputs):
        n = size("output", k, g.outputs)
        lines.append("  static int8_t ref%d[%s], ours%d[%s];" % (k, n, k, n))
    lines.append("  for (uint32_t s = 0; s < %d; ++s) {" % SAMPLES)
    for k in range(g.inputs):
        lines.append("    fill(in%d, sizeof in%d, %du * 64u + s * 8u + %du);"
                     % (k, k, g.index, k))
    args = ["in%d" % k for k in range(g.inputs)]
    lines.append("    %s_run(%s);" % (ref, ", ".join(
        args + ["ref%d" % k for k in range(g.outputs)])))
    for k in range(g.inputs):
        lines.append("    memcpy(%s_%s(), in%d, sizeof in%d);" % (
            ours, io_name("input", k, g.inputs), k, k))
    lines.append("    %s_invoke();" % ours)
    for k in range(g.outputs):
        lines.append("    memcpy(ours%d, %s_%s(), sizeof ours%d);" % (
            k, ours, io_name("output", k, g.outputs), k))
    for k in range(g.outputs):
        lines.append("    bad |= compare(%d, %d, s, ref%d, ours%d, "
                     "sizeof ref%d);" % (g.index, k, k, k, k))
    lines += ["  }", "  return bad;", "}", ""]
    return "\n".join(lines)


HARNESS_HEAD = r"""/* Generated by scripts/memory-property.py: runs each
 * graph's reference build (every tensor its own bytes) and its planned
 * build on the same inputs and compares every output byte. Prints "run K"
 * before graph K, "mismatch ..." for each difference and "done" at the
 * end; argv[1] is the position to start from (after a crash). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

%(includes)s

/* xorshift32: the same inputs for both builds, different per graph. */
static void fill(int8_t *p, size_t n, uint32_t seed) {
  uint32_t x = seed * 2654435761u + 1u;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    p[i] = (int8_t)(x >> 24);
  }
}

static int compare(int graph, int output, uint32_t sample, const int8_t *ref,
                   const int8_t *ours, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (ref[i] != ours[i]) {
      printf("mismatch %%d: output %%d, input %%u, byte %%zu of %%zu: "
             "reference %%d, ours %%d\n", graph, output, (unsigned)sample, i,
             n, ref[i], ours[i]);
      return 1;
    }
  return 0;
}

"""

HARNESS_MAIN = r"""
static const struct {
  int graph;
  int (*check)(void);
} checks[] = {
%(table)s
};

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int bad = 0;
  for (int i = argc > 1 ? atoi(argv[1]) : 0;
       i < (int)(sizeof checks / sizeof checks[0]); ++i) {
    printf("run %%d\n", checks[i].graph);
    bad |= checks[i].check();
  }
  printf("done\n");
  return bad;
}
"""


def translate(cfg, modules):
    """The C files of each planned module, as {name: text} with the prefix
    PLACEHOLDER, from one mcunet-translate -split-input-file call (a call
    costs ~50 ms of start-up, a module ~2 ms); None if that call fails."""
    r = run([os.path.join(cfg.tool_dir, "mcunet-translate"), "--mlir-to-c",
             "-split-input-file", "--c-prefix=" + PLACEHOLDER, "-"],
            input="\n// -----\n".join(modules))
    if r.returncode != 0:
        return None
    parts = FILE_MARK_RE.split(r.stdout)[1:]
    files = [dict(zip(parts[i:i + 6:2], parts[i + 1:i + 6:2]))
             for i in range(0, len(parts), 6)]
    return files if len(files) == len(modules) else None


def emit_c(cfg, graphs, bdir):
    """Writes <prefix>_ref.{h,c}, <prefix>_ours.{h,c} and their weights of
    each graph into bdir (one translate call per plan, graph by graph if
    that fails, to name the graph)."""
    for plan, suffix in (("reference", "_ref"), ("ours", "_ours")):
        batch = translate(cfg, [g.modules[plan] for g in graphs])
        for k, g in enumerate(graphs):
            files = batch[k] if batch else translate(cfg, [g.modules[plan]])
            if files is None:
                r = run([os.path.join(cfg.tool_dir, "mcunet-translate"),
                         "--mlir-to-c", "-"], input=g.modules[plan])
                g.fail("emit C (%s)" % plan, r.stderr[-2000:])
                continue
            prefix = g.prefix + suffix
            for name, text in files.items():
                name = name.replace(PLACEHOLDER, prefix)
                with open(os.path.join(bdir, name), "w") as f:
                    f.write(text.replace(PLACEHOLDER, prefix).replace(
                        PLACEHOLDER.upper(), prefix.upper()))


def diagnostics_by_graph(stderr):
    """The compiler's messages split by the graph whose file they are in:
    {index: text}."""
    out, current = collections.defaultdict(list), None
    for line in stderr.splitlines():
        m = re.search(r"\b(?:check_)?m(\d+)(?:_ref|_ours)?\b", line)
        if m:
            current = int(m.group(1))
        elif not line.startswith(" "):
            current = None
        if current is not None:
            out[current].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def build(cfg, graphs, bdir):
    """Writes the harness and builds bdir/check from the graphs' C; graphs
    whose C does not compile are marked and left out. Returns the graphs
    in the executable."""
    while graphs:
        includes = "\n".join('#include "%s%s.h"' % (g.prefix, s)
                             for g in graphs for s in ("_ref", "_ours"))
        with open(os.path.join(bdir, "main.c"), "w") as f:
            f.write(HARNESS_HEAD % {"includes": includes})
            for g in graphs:
                f.write(harness_check(g))
            f.write(HARNESS_MAIN % {"table": "\n".join(
                "    {%d, check_%s}," % (g.index, g.prefix) for g in graphs)})
        # Weights files define only prefixed globals: one translation unit.
        with open(os.path.join(bdir, "weights.c"), "w") as f:
            f.writelines('#include "%s%s_weights.c"\n' % (g.prefix, s)
                         for g in graphs for s in ("_ref", "_ours"))
        objects = ["%s%s.o" % (g.prefix, s) for g in graphs
                   for s in ("_ref", "_ours")]
        for step in (BASE_CFLAGS + ["-c", "weights.c"]
                     + ["%s_ref.c" % g.prefix for g in graphs],
                     BASE_CFLAGS + SANITIZE + ["-c", "main.c"]
                     + ["%s_ours.c" % g.prefix for g in graphs],
                     SANITIZE + ["-o", "check", "main.o", "weights.o"]
                     + objects):
            r = run([cfg.cc] + step, cwd=bdir)
            if r.returncode != 0:
                break
        else:
            return graphs
        named = diagnostics_by_graph(r.stderr)
        for g in graphs:
            if not named or g.index in named:
                g.fail("C build", named.get(g.index, r.stderr))
        graphs = [g for g in graphs if g.failure is None]
    return graphs


def run_checks(graphs, bdir):
    """Runs bdir/check, restarting after the graph where it crashes; marks
    graphs whose outputs differ or that crash."""
    by_index = {g.index: g for g in graphs}
    start = 0
    while start < len(graphs):
        r = run([os.path.join(bdir, "check"), str(start)], cwd=bdir,
                env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
        current = None
        for line in r.stdout.splitlines():
            if line.startswith("run "):
                current = int(line.split()[1])
            elif line.startswith("mismatch "):
                graph = by_index[int(line.split()[1].rstrip(":"))]
                graph.fail("C outputs", line)
        if "done" in r.stdout.splitlines():
            return
        if current is None:
            for g in graphs[start:]:
                g.fail("C run", "exit %d\n%s" % (r.returncode, r.stderr))
            return
        by_index[current].fail("C run", "crashed (exit %d)\n%s" % (
            r.returncode, r.stderr))
        start = graphs.index(by_index[current]) + 1


def check_batch(cfg, graphs):
    """All checks of one batch, in its own folder (removed when the batch
    passes, unless --keep); returns the seconds spent per phase."""
    times = collections.Counter()
    t = time.monotonic()

    def lap(phase):
        nonlocal t
        now = time.monotonic()
        times[phase] += now - t
        t = now

    bdir = os.path.join(cfg.work, "batch_%d" % graphs[0].index)
    os.makedirs(bdir, exist_ok=True)
    opt_batch(cfg, graphs, "ours", bdir)
    opt_batch(cfg, graphs, "reference", bdir)
    for g in graphs:
        check_report(g)
    lap("mcunet-opt")
    emit_c(cfg, [g for g in graphs if g.failure is None], bdir)
    lap("mcunet-translate")
    todo = build(cfg, [g for g in graphs if g.failure is None], bdir)
    lap("cc")
    if todo:
        run_checks(todo, bdir)
        lap("run")
    if not cfg.keep and not any(g.failure for g in graphs):
        shutil.rmtree(bdir)
    return times


# ---------------------------------------------------------------------------

def summarize(graphs, times, wall):
    kinds = collections.Counter(g.kind for g in graphs)
    print("memory-property: %d graphs (%s)" % (len(graphs), ", ".join(
        "%s %d" % (k, kinds[k]) for k in gengraph.KINDS if kinds[k])))
    done = [g for g in graphs if g.report and all(
        s in g.report for s in STRATEGIES)]
    if done:
        print("  %-28s %7s %7s %6s  %s" % ("arena", "max", "mean", "worst",
                                          "ours smaller in"))
        for other in ("tflm-greedy", "tinyengine-first-fit", "lower bound",
                      "naive"):
            ratios = [(g.report["ours"] / g.report[other], g.index)
                      for g in done if g.report[other]]
            worst = max(ratios)
            smaller = sum(g.report["ours"] < g.report[other] for g in done)
            print("  %-28s %7.4f %7.4f %6s  %s" % (
                "ours / " + other, worst[0],
                sum(r for r, _ in ratios) / len(ratios),
                "#%d" % worst[1] if worst[0] > 1 else "-",
                "" if other == "lower bound" else
                "%d of %d graphs" % (smaller, len(done))))
        at_lb = sum(g.report["ours"] == g.report["lower bound"] for g in done)
        print("  ours at the lower bound in %d of %d graphs"
              % (at_lb, len(done)))
    patched = sum("te.insert_slice" in g.modules.get("ours", "")
                  for g in graphs)
    if patched:
        print("  run patch by patch (te.insert_slice): %d of %d graphs"
              % (patched, len(graphs)))
    print("  time: %.1f s wall; summed over batches: %s" % (wall, ", ".join(
        "%s %.1f s" % (k, v) for k, v in times.items())))


def main(argv):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphs", type=int, default=1000,
                    help="number of random graphs (1000)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    ap.add_argument("--tool-dir", default=os.path.join(ROOT, "build", "bin"),
                    help="where mcunet-opt and mcunet-translate are")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="batches processed in parallel (CPU count)")
    ap.add_argument("--batch", type=int, default=25,
                    help="graphs per mcunet-opt call and per executable (25)")
    ap.add_argument("--work", help="work folder (default: a new temporary "
                    "one, removed when every graph passes)")
    ap.add_argument("--keep", action="store_true",
                    help="keep every batch's files (by default only those "
                    "of batches with a failure are kept)")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"),
                    help="host C compiler ($CC, else cc)")
    ap.add_argument("--pipeline-options", default="",
                    help="more --te-default-pipeline options for our plan, "
                    "e.g. 'strategy=tflm-greedy' or 'inplace=false'")
    args = ap.parse_args(argv)
    args.options = {
        "ours": (OURS_OPTIONS + " " + args.pipeline_options).strip(),
        "reference": REFERENCE_OPTIONS}
    if args.graphs < 1 or args.jobs < 1 or args.batch < 1:
        ap.error("--graphs, --jobs and --batch must be positive")
    for tool in ("mcunet-opt", "mcunet-translate"):
        if not os.access(os.path.join(args.tool_dir, tool), os.X_OK):
            print("memory-property: no %s in %s (build first)"
                  % (tool, args.tool_dir))
            return 2
    if not shutil.which(args.cc):
        print("memory-property: no C compiler '%s'" % args.cc)
        return 2

    start = time.monotonic()
    temporary = args.work is None
    work = args.work = args.work or tempfile.mkdtemp(prefix="memory-property-")
    os.makedirs(work, exist_ok=True)
    graphs = [gengraph.generate(args.seed, k) for k in range(args.graphs)]
    graphs = [Graph(args.seed, k, kind, text)
              for k, (kind, text) in enumerate(graphs)]
    times = collections.Counter({"generate": time.monotonic() - start})
    batches = [graphs[i:i + args.batch]
               for i in range(0, len(graphs), args.batch)]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for batch_times in pool.map(lambda b: check_batch(args, b), batches):
            times.update(batch_times)
    summarize(graphs, times, time.monotonic() - start)

    failed = [g for g in graphs if g.failure]
    if not failed:
        print("memory-property: all %d graphs passed" % len(graphs))
        if temporary and not args.keep:
            shutil.rmtree(work)
        return 0
    fail_dir = os.path.join(work, "failures")
    os.makedirs(fail_dir, exist_ok=True)
    for g in failed:
        base = os.path.join(fail_dir, "seed%d_graph%d" % (g.seed, g.index))
        stage, message = g.failure
        with open(base + ".mlir", "w") as f:
            f.write(g.text)
        with open(base + ".log", "w") as f:
            f.write("%s\n%s\n" % (stage, message))
        for plan, text in g.modules.items():
            with open("%s.%s.mlir" % (base, plan), "w") as f:
                f.write(text)
        print("FAIL seed %d graph %d (%s): %s"
              % (g.seed, g.index, g.kind, stage))
        for line in key_lines(message):
            print("    " + line[:200])
        print("    %s.mlir (.log: the full message)" % base)
    print("memory-property: %d of %d graphs failed; files in %s\n"
          "  one graph again: python3 python/mcunet_testgen/gengraph.py "
          "--seed %d --first K --count 1 | %s" % (
              len(failed), len(graphs), fail_dir, args.seed, shlex.join([
                  os.path.join(args.tool_dir, "mcunet-opt"),
                  "--te-default-pipeline=" + args.options["ours"]])))
    return 1


def key_lines(message, count=6):
    """The lines of a failure message worth printing first."""
    lines = message.splitlines()
    key = [l for l in lines if re.search(
        r"ERROR:|SUMMARY:|runtime error|error:|mismatch|^\s*#[0-2] ", l)]
    return (key or lines)[:count]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
