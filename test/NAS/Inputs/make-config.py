"""A mcunet-nas run configuration for the smoke test's folder."""
import json
import sys

common = ["--train-limit", "400", "--val-size", "200"]
small = ["--steps-per-epoch", "4", "--batch-size", "32"]
print(json.dumps({
    "dir": sys.argv[1],
    "common": common,
    "stages": [
        ["train", "--epochs", "2"] + small,
        ["search", "--population", "6", "--parents", "3", "--crossover", "3",
         "--mutation", "3", "--generations", "3"],
        ["finetune", "--epochs", "1"] + small,
        ["export", "--eval-images", "200"],
    ],
}, indent=2))
