# SPDX-License-Identifier: Apache-2.0
"""mcunet: compile int8 ONNX models to C for microcontrollers, from Python.

    import mcunet
    compiled = mcunet.compile("model.onnx", target="cortex-m7",
                              sram_budget="256KB")
    print(compiled.report)            # peak SRAM, arena, flash, MACs, layers
    compiled.write("out/")            # model.h, model.c, model_weights.c, ...
    y = compiled.run(x)               # the generated C, built for this host

The compiler runs in-process (a pybind11 extension over the C++ library that
mcunet-compile uses). Errors raise :class:`CompileError` with the compiler's
diagnostic text, which names the model node. ``export_qdq`` (needs torch)
turns a float PyTorch model into an int8 QDQ ONNX model the compiler accepts.
See docs/python.md.
"""

from ._mcunet import __version__
from .compiler import Compiled, Report, compile
from .errors import CompileError, DatasetError, RunError

__all__ = [
    "__version__",
    "CompileError",
    "Compiled",
    "DatasetError",
    "Report",
    "RunError",
    "compile",
    "export_qdq",
    "load_cifar10",
    "load_fashion_mnist",
    "load_idx",
]


def export_qdq(*args, **kwargs):
    """Post-training int8 quantization of a float PyTorch model into a QDQ
    ONNX model; see :func:`mcunet.quantize.export_qdq` (imports torch)."""
    from .quantize import export_qdq as _export_qdq

    return _export_qdq(*args, **kwargs)




_DATASET_READERS = ("load_cifar10", "load_fashion_mnist", "load_idx")


def __getattr__(name):
    # The dataset readers need numpy: imported on first use, so that
    # `import mcunet` and mcunet.compile work without it.
    if name in _DATASET_READERS or name == "datasets":
        import importlib

        datasets = importlib.import_module(".datasets", __name__)
        return datasets if name == "datasets" else getattr(datasets, name)
    raise AttributeError(f"module 'mcunet' has no attribute {name!r}")
