# SPDX-License-Identifier: Apache-2.0
"""The package's exceptions (importable without numpy or torch)."""

__all__ = ["CompileError", "DatasetError", "RunError"]


class CompileError(Exception):
    """The compiler refused the model or the options.

    ``str(error)`` is the compiler's diagnostic text (what mcunet-compile
    prints), which names the file, the ONNX node and op, and what is wrong;
    ``error.diagnostics`` holds the same text.
    """

    def __init__(self, diagnostics: str):
        self.diagnostics = diagnostics.strip()
        super().__init__(self.diagnostics or "compilation failed")


class RunError(Exception):
    """The generated C could not be built or run on this host, or the input
    does not fit the model's interface."""


class DatasetError(Exception):
    """A dataset file is missing or malformed."""
