#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compares a --schedule=layerwise report.json with a --schedule=fused one:
prints whether the fused report's layer-by-layer baseline is the layerwise
compile's, whether its extra MACs are the difference of the MAC counts, and
whether its arena is smaller."""
import json
import sys

with open(sys.argv[1]) as f:
    plain = json.load(f)
with open(sys.argv[2]) as f:
    fused = json.load(f)
base = fused["memory"]["layerwise"]
print("layerwise arena matches:", base["arena_bytes"] == plain["arena_bytes"])
print("layerwise MACs match:", base["macs"] == plain["macs"])
print("extra MACs are the difference:",
      fused["memory"]["extra_macs"] == fused["macs"] - plain["macs"])
print("fused arena smaller:", fused["arena_bytes"] < plain["arena_bytes"])
