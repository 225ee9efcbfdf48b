# SPDX-License-Identifier: Apache-2.0
"""mcunet.compile and what it returns."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from . import _mcunet
from .errors import CompileError

__all__ = ["CompileError", "Compiled", "Report", "compile"]

TARGETS = ("host", "cortex-m4", "cortex-m7")


@dataclass(frozen=True)
class Report:
    """What the compiler measured (the fields of mcunet-compile's
    report.json; ``raw`` holds all of it).

    Sizes are in bytes. ``peak_sram_bytes`` = arena + stack estimate (the
    zero-copy ``<prefix>_invoke`` path); ``peak_sram_bytes_run`` adds the
    caller's input and output buffers of ``<prefix>_run``.
    ``flash_code_bytes`` is -1 when the target's C compiler is not
    installed.
    """

    macs: int
    params: int
    arena_bytes: int
    lower_bound_bytes: int
    stack_bytes: int
    peak_sram_bytes: int
    peak_sram_bytes_run: int
    flash_weights_bytes: int
    flash_code_bytes: int
    target: str
    layers: List[Dict[str, Any]]
    inputs: List[Dict[str, Any]]
    outputs: List[Dict[str, Any]]
    raw: Dict[str, Any] = field(repr=False)
    summary: str = field(repr=False, default="")

    @classmethod
    def from_json(cls, text: str, summary: str = "") -> "Report":
        raw = json.loads(text)
        return cls(
            macs=raw["macs"],
            params=raw["params"],
            arena_bytes=raw["arena_bytes"],
            lower_bound_bytes=raw["lower_bound_bytes"],
            stack_bytes=raw["stack_bytes_estimate"],
            peak_sram_bytes=raw["peak_sram_bytes"],
            peak_sram_bytes_run=raw["peak_sram_bytes_run"],
            flash_weights_bytes=raw["flash_weights_bytes"],
            flash_code_bytes=raw["flash_code_bytes"],
            target=raw["target"],
            layers=raw["layers"],
            inputs=raw["inputs"],
            outputs=raw["outputs"],
            raw=raw,
            summary=summary,
        )

    def __str__(self) -> str:
        return self.summary or repr(self)


class Compiled:
    """A compiled model: the generated C, the report and the IR.

    ``files`` maps file names (``model.h``, ``model.c``,
    ``model_weights.c``, ``model.mlir``, ``report.json``) to their text.
    """

    def __init__(self, outcome: Any, model_name: str):
        self.model_name = model_name
        self.prefix: str = outcome.prefix
        self.files: Dict[str, str] = dict(outcome.files)
        self.report = Report.from_json(outcome.report_json, outcome.summary)
        self.memory_svg: str = outcome.memory_svg
        self.memory_json: str = outcome.memory_json
        self._stages = list(outcome.stages)
        self._runner = None

    def __repr__(self) -> str:
        return (
            f"<mcunet.Compiled {self.model_name!r} prefix={self.prefix!r} "
            f"peak_sram={self.report.peak_sram_bytes} B "
            f"flash_weights={self.report.flash_weights_bytes} B>"
        )

    @property
    def stages(self) -> List[str]:
        """Names accepted by :meth:`mlir`: "import", then every pass of the
        pipeline in order (pass arguments such as "te-plan-memory"; a pass
        that runs twice appears twice), then "final"."""
        return [name for name, _ in self._stages] + ["final"]

    def mlir(self, stage: str = "final", occurrence: int = -1) -> str:
        """The IR after `stage` ("import", a pass argument, or "final").
        For a pass that ran more than once, `occurrence` picks which run
        (default: the last)."""
        if stage == "final":
            return self.files[self.prefix + ".mlir"]
        matches = [text for name, text in self._stages if name == stage]
        if not matches:
            raise KeyError(
                f"no stage {stage!r}; stages: {', '.join(self.stages)}"
            )
        return matches[occurrence]

    def write(self, directory: Union[str, os.PathLike]) -> List[Path]:
        """Writes the files into `directory` (created if needed); returns
        their paths. Each file is written to a temporary and renamed, so a
        failure leaves no half-written file."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in self.files.items():
            path = out / name
            tmp = out / (name + ".tmp")
            tmp.write_text(text)
            os.replace(tmp, path)
            written.append(path)
        return written

    def run(self, *inputs: Any) -> Any:
        """Runs the generated C on this host and returns its output(s).

        The C is built once with the system C compiler (``cc``; cached by
        the content hash of the generated files under ``$MCUNET_CACHE_DIR``,
        default ``~/.cache/mcunet``) and called through ``<prefix>_run``.
        Each input is a numpy array of the interface's shape and type
        (``report.inputs``), or a batch: an extra leading dimension, or
        batch size N in place of a leading 1. Float arrays given for an
        int8 input are quantized with the input's scale and zero point
        (round half away from zero, saturating), as TFLite does. Returns
        one array, or a tuple of arrays for several outputs.
        """
        from .runner import HostRunner

        if self._runner is None:
            self._runner = HostRunner(self)
        return self._runner.run(*inputs)


def _model_bytes(model: Union[str, os.PathLike, bytes]) -> tuple:
    if isinstance(model, (bytes, bytearray, memoryview)):
        return bytes(model), "model.onnx"
    path = Path(model)
    try:
        return path.read_bytes(), str(path)
    except OSError as error:
        raise CompileError(
            f"error: cannot read '{path}': {error.strerror}"
        ) from None


def compile(
    model: Union[str, os.PathLike, bytes],
    target: str = "cortex-m7",
    sram_budget: Union[None, int, str] = None,
    prefix: str = "model",
    *,
    memory_plan: str = "ours",
    inplace: bool = True,
    kernels: str = "specialized",
    schedule: str = "layerwise",
    max_overhead: float = 0.1,
    int16_weights_budget: Union[int, str] = 0,
    keep_stages: bool = True,
    measure: bool = True,
    model_name: Optional[str] = None,
) -> Compiled:
    """Compiles an ONNX model (a path, or the bytes of a binary model) to C.

    target: "cortex-m7", "cortex-m4" or "host" (which C compiler measures
        the stack and code size; the C itself is portable).
    sram_budget: bytes (int) or a size such as "256KB"; raises
        CompileError naming the peak layer and its live tensors when
        arena + stack exceed it.
    prefix: prefix of the C symbols and file names.
    memory_plan, inplace, kernels: as mcunet-compile's --memory-plan,
        --inplace and --kernels.
    schedule: "layerwise" (every layer whole) or "fused" (the memory-heavy
        layer sequences run patch by patch: less peak SRAM for some
        recomputed MACs; with sram_budget it stops once the arena fits).
        The report then holds the layer-by-layer plan too
        (``report.raw["memory"]["layerwise"]``) and the extra MACs.
    max_overhead: with schedule="fused", the extra MACs allowed, as a
        fraction of the model's (mcunet-compile's --max-overhead).
    int16_weights_budget: extra flash (bytes, a size such as "64KB", or
        "unlimited" / -1) for pointwise weights stored as int16, the layers
        with the most pixels first: faster kernels, twice those layers'
        weight bytes (mcunet-compile's --int16-weights-budget; default 0).
    keep_stages: keep the IR after every pass for :meth:`Compiled.mlir`.
    measure: compile the C with the target's compiler to measure stack and
        code size (otherwise the stack is estimated as 512 bytes).
    model_name: the name in messages (default: the path, or "model.onnx";
        a name ending in .onnxtxt selects ONNX's textual syntax).
    """
    data, default_name = _model_bytes(model)
    name = model_name or default_name
    budget: Optional[int] = None
    if sram_budget is not None:
        if isinstance(sram_budget, bool) or not isinstance(
            sram_budget, (int, str)
        ):
            raise TypeError("sram_budget must be an int or a str like '256KB'")
        if isinstance(sram_budget, str):
            budget = _mcunet.parse_byte_size(sram_budget)
            if budget is None:
                raise CompileError(
                    f"error: sram_budget='{sram_budget}' is not a size "
                    "(examples: 256KB, 320K, 1MB, 65536)"
                )
        else:
            budget = sram_budget
    if isinstance(int16_weights_budget, bool) or not isinstance(
        int16_weights_budget, (int, str)
    ):
        raise TypeError(
            "int16_weights_budget must be an int or a str like '64KB'"
        )
    widen = int16_weights_budget
    if isinstance(widen, str):
        widen = (
            -1
            if widen == "unlimited"
            else _mcunet.parse_byte_size(int16_weights_budget)
        )
        if widen is None:
            raise CompileError(
                f"error: int16_weights_budget='{int16_weights_budget}' is not "
                "a size (examples: 64KB, 1MB, 65536, unlimited)"
            )
    outcome = _mcunet.compile(
        data,
        name,
        target,
        prefix,
        budget,
        memory_plan,
        bool(inplace),
        kernels,
        schedule,
        float(max_overhead),
        int(widen),
        bool(keep_stages),
        bool(measure),
    )
    if not outcome.ok:
        raise CompileError(outcome.errors)
    return Compiled(outcome, name)
