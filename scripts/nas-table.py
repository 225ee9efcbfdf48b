#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The docs/nas.md table from scripts/nas-experiment.sh's folders: per
budget, the searched model and the scaled MobileNetV2 baseline."""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


print("| budget | model | architecture | float acc. | int8 acc. (C, 10k) "
      "| int8 - float | peak SRAM | flash | MACs | M7 instructions |")
print("|---|---|---|--:|--:|--:|--:|--:|--:|--:|")
for d in sys.argv[1:]:
    space = load(f"{d}/space.json")["options"]
    budget = "%d KB / %d KB" % (space["sram_bytes"] // 1024,
                                space["flash_bytes"] // 1024)
    rows = {}
    for label, exp, qemu in (("searched", "export.json", "c-qemu.json"),
                             ("MobileNetV2", "baseline_export.json",
                              "baseline_c-qemu.json")):
        e, q = load(f"{d}/{exp}"), load(f"{d}/{qemu}")
        rows[label] = e
        print("| %s | %s | `%s` | %.2f%% | %.2f%% | %+.2f | %d | %d | %d | %d |"
              % (budget, label, e["config"]["text"], 100 * e["float_accuracy"],
                 100 * e["int8_c_accuracy"],
                 100 * (e["int8_c_accuracy"] - e["float_accuracy"]),
                 e["peak_sram_bytes"], e["flash_bytes"], e["macs"],
                 q["instructions"]))
    gain = 100 * (rows["searched"]["int8_c_accuracy"]
                  - rows["MobileNetV2"]["int8_c_accuracy"])
    print("| %s | searched - MobileNetV2 | | | %+.2f points | | | | | |"
          % (budget, gain))
