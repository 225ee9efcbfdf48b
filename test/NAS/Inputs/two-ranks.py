"""Runs `mcunet-nas train` as two c10d (Gloo) ranks on 127.0.0.1, each
bounded in time, and prints whether both finished and ended with the same
weights (their parameter checksums)."""
import re
import socket
import subprocess
import sys

import shutil
tool, work = shutil.which(sys.argv[1]) or sys.argv[1], sys.argv[2]
extra = sys.argv[3:]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
procs = [
    subprocess.Popen(
        [tool, "train", "-o", work, "--world-size", "2", "--rank", str(r),
         "--master-port", str(port), "-q"] + extra,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for r in (0, 1)
]
outs = []
for p in procs:
    try:
        out, _ = p.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        for q in procs:
            q.kill()
        print("timed out")
        sys.exit(1)
    outs.append(out)
codes = [p.returncode for p in procs]
print("exit codes:", codes)
sums = [re.findall(r"rank (\d) of 2: parameter checksum ([0-9.]+)", o) for o in outs]
print("checksums:", sums)
print("same weights on both ranks:",
      len(sums[0]) == 1 and len(sums[1]) == 1 and sums[0][0][1] == sums[1][0][1])
if any(codes):
    print("\n".join(outs))
