#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the space.json of `mcunet-nas space` and prints one line per
property (the lit test FileChecks them):
  - the chosen space is the one with the largest mean MACs among the spaces
    where at least min_fit_fraction of the samples fit;
  - each space's fitting MACs are sorted, as many as "fit", and their mean
    and quantiles are those the file states;
  - with a second file: the same spaces, the same samples, and at least as
    many fitting subnets in every space (the second run's fit check is
    looser, e.g. patch-based execution or a larger budget);
  - with --same: the two files agree on everything but the timings."""
import json
import sys

TIMING = ("seconds", "ms_per_candidate")


def load(path):
    with open(path) as f:
        return json.load(f)


def strip(obj):
    if isinstance(obj, dict):
        return {k: strip(v) for k, v in obj.items() if k not in TIMING}
    if isinstance(obj, list):
        return [strip(v) for v in obj]
    return obj


a = load(sys.argv[1])
spaces = a["spaces"]
minfit = a["options"]["min_fit_fraction"]
eligible = [s for s in spaces if s["fit_fraction"] >= minfit]
best = max(eligible, key=lambda s: s["macs_mean"]) if eligible else None
chosen = a["chosen"]
print("chosen is the best eligible:",
      (best is None and chosen is None) or
      (best is not None and chosen == {"width": best["width"],
                                       "resolution": best["resolution"]}))
ok = True
for s in spaces:
    m = s["fitting_macs_sorted"]
    ok &= m == sorted(m) and len(m) == s["fit"]
    ok &= abs((sum(m) / len(m) if m else 0) - s["macs_mean"]) < 1e-6 * max(1, s["macs_mean"])
    if m:
        ok &= s["macs_p10"] == m[min(len(m) - 1, int(0.1 * len(m)))]
print("tables consistent:", ok)
if len(sys.argv) > 2 and sys.argv[2] != "--same":
    b = load(sys.argv[2])
    pairs = list(zip(a["spaces"], b["spaces"]))
    same = len(a["spaces"]) == len(b["spaces"]) and all(
        (x["width"], x["resolution"], x["samples"]) ==
        (y["width"], y["resolution"], y["samples"]) for x, y in pairs)
    print("same spaces:", same)
    print("second fits at least as many:",
          all(y["fit"] >= x["fit"] for x, y in pairs))
    print("second fits more somewhere:",
          any(y["fit"] > x["fit"] for x, y in pairs))
if len(sys.argv) > 3 and sys.argv[2] == "--same":
    b = load(sys.argv[3])
    print("identical but for timings:", strip(a) == strip(b))
