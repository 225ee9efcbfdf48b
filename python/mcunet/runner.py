# SPDX-License-Identifier: Apache-2.0
"""Compiled.run: the generated C built for this host and called via ctypes."""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np

from .errors import RunError

__all__ = ["HostRunner", "RunError"]

_DTYPES = {
    "int8": np.int8,
    "uint8": np.uint8,
    "int32": np.int32,
    "float32": np.float32,
}


def cache_dir() -> Path:
    root = os.environ.get("MCUNET_CACHE_DIR")
    if root:
        return Path(root)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mcunet"


def _build(files: Dict[str, str], prefix: str) -> Path:
    """Builds the C files into a shared library, once per content."""
    digest = hashlib.sha256()
    for name in sorted(files):
        if name.endswith((".c", ".h")):
            digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    folder = cache_dir() / digest.hexdigest()[:32]
    library = folder / f"lib{prefix}.so"
    if library.exists():
        return library
    cc = os.environ.get("CC", "cc")
    if shutil.which(cc) is None:
        raise RunError(f"Compiled.run needs a C compiler: '{cc}' not found")
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Build in a private folder, then rename it into place (atomic: two
    # processes building the same model never see half a library).
    work = Path(tempfile.mkdtemp(prefix="build-", dir=folder.parent))
    try:
        sources = []
        for name, text in files.items():
            if name.endswith((".c", ".h")):
                (work / name).write_text(text)
                if name.endswith(".c"):
                    sources.append(name)
        command = [cc, "-std=c99", "-O2", "-fPIC", "-shared", *sources,
                   "-o", library.name, "-lm"]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            raise RunError(
                f"building the generated C failed ({' '.join(command)}):\n"
                + done.stderr
            )
        try:
            os.rename(work, folder)
        except OSError:
            if not library.exists():  # Another process won the race.
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return library


class HostRunner:
    """Loads the host build of a Compiled model and runs it."""

    def __init__(self, compiled: Any):
        report = compiled.report
        self.inputs: List[Dict[str, Any]] = report.inputs
        self.outputs: List[Dict[str, Any]] = report.outputs
        self.prefix: str = compiled.prefix
        self.library = _build(compiled.files, self.prefix)
        self._dll = ctypes.CDLL(str(self.library))
        self._run = getattr(self._dll, self.prefix + "_run")
        self._run.restype = ctypes.c_int
        self._run.argtypes = [ctypes.c_void_p] * (len(self.inputs) + len(self.outputs))
        # The generated C keeps one static arena: one inference at a time.
        self._lock = threading.Lock()

    def _prepare(self, k: int, value: Any) -> Tuple[np.ndarray, str]:
        """The k-th input as a C-contiguous array of shape (N, *shape) and
        how it was given: "single", "extra" (a leading batch dimension) or
        "replace" (batch size N in place of a leading 1)."""
        spec = self.inputs[k]
        shape = tuple(spec["shape"])
        dtype = _DTYPES[spec["dtype"]]
        array = np.asarray(value)
        if array.dtype != dtype:
            if np.issubdtype(array.dtype, np.floating) and "scale" in spec:
                info = np.iinfo(dtype)
                scaled = array.astype(np.float64) / spec["scale"]
                rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
                array = np.clip(rounded + spec["zero_point"], info.min, info.max)
                array = array.astype(dtype)
            elif np.issubdtype(array.dtype, np.floating) and dtype == np.float32:
                array = array.astype(np.float32)
            else:
                raise RunError(
                    f"input {k} ({spec['name']}) has dtype {array.dtype}; the "
                    f"model takes {spec['dtype']}"
                    + (" (or float, quantized with its scale)" if "scale" in spec else "")
                )
        if array.shape == shape:
            return np.ascontiguousarray(array).reshape((1,) + shape), "single"
        if array.shape[1:] == shape:
            return np.ascontiguousarray(array), "extra"
        if (
            len(shape) >= 1
            and shape[0] == 1
            and array.ndim == len(shape)
            and array.shape[1:] == shape[1:]
        ):
            n = array.shape[0]
            return np.ascontiguousarray(array).reshape((n,) + shape), "replace"
        raise RunError(
            f"input {k} ({spec['name']}) has shape {array.shape}; the model "
            f"takes {shape} (or a batch of them)"
        )

    def run(self, *values: Any) -> Any:
        if len(values) != len(self.inputs):
            raise RunError(
                f"the model takes {len(self.inputs)} input(s), got {len(values)}"
            )
        prepared = [self._prepare(k, v) for k, v in enumerate(values)]
        counts = {len(a) for a, _ in prepared}
        if len(counts) != 1:
            raise RunError(f"the inputs' batch sizes differ: {sorted(counts)}")
        n = counts.pop()
        modes = [mode for _, mode in prepared if mode != "single"]
        mode = modes[0] if modes else "single"
        results = [
            np.empty((n,) + tuple(spec["shape"]), dtype=_DTYPES[spec["dtype"]])
            for spec in self.outputs
        ]
        with self._lock:
            for i in range(n):
                args = [a[i].ctypes.data for a, _ in prepared]
                args += [r[i].ctypes.data for r in results]
                status = self._run(*args)
                if status != 0:
                    raise RunError(f"{self.prefix}_run returned {status}")
        shaped = []
        for spec, r in zip(self.outputs, results):
            shape = tuple(spec["shape"])
            if mode == "single":
                shaped.append(r[0])
            elif mode == "replace" and len(shape) >= 1 and shape[0] == 1:
                shaped.append(r.reshape((n,) + shape[1:]))
            else:
                shaped.append(r)
        return shaped[0] if len(shaped) == 1 else tuple(shaped)
