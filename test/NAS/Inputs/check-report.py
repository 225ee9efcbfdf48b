"""fits: True when report.json's peak SRAM and flash are within budgets."""
import json
import sys

r = json.load(open(sys.argv[1]))
sram, flash = int(sys.argv[2]), int(sys.argv[3])
print("fits:", r["peak_sram_bytes"] <= sram
      and r["flash_code_bytes"] + r["flash_weights_bytes"] <= flash)
