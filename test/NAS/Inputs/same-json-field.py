"""Prints whether two JSON files agree on the named top-level fields."""
import json
import sys

a, b = (json.load(open(p)) for p in sys.argv[1:3])
for field in sys.argv[3:]:
    print(f"{field} equal: {a[field] == b[field]}")
