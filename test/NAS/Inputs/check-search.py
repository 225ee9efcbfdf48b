"""Checks mcunet-nas search's files in DIR: the log's generations, every
candidate within the space's budget (as the compiler's plan measured it,
with the stage's reserves), and the winner's compiled figures."""
import json
import sys

d = sys.argv[1]
space = json.load(open(f"{d}/space.json"))["options"]
log = [json.loads(line) for line in open(f"{d}/search.jsonl") if line.strip()]
print("generations logged:", len({e["generation"] for e in log}))
ok = all(
    e["arena_bytes"] + space["stack_reserve_bytes"] <= space["sram_bytes"]
    and e["weights_bytes"] + space["code_reserve_bytes"] <= space["flash_bytes"]
    and e["sram_bytes"] <= space["sram_bytes"]
    for e in log
)
print("every candidate fits the budget:", ok and len(log) > 0)
best = json.load(open(f"{d}/search.json"))["best"]
print(
    "winner compiled within the budget:",
    0 < best["compiled_peak_sram_bytes"] <= space["sram_bytes"]
    and 0 < best["compiled_flash_bytes"] <= space["flash_bytes"],
)
