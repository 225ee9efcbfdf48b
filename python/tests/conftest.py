# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures of the Python package's tests (run by ctest `python`,
with PYTHONPATH pointing at build/python)."""

import os
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("MCUNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BIN_DIR = Path(os.environ.get("MCUNET_BIN_DIR", SOURCE_DIR / "build" / "bin"))
MODELS_DIR = Path(os.environ.get("MCUNET_MODELS_DIR", SOURCE_DIR.parent / "shared" / "models"))
TINY_MODEL = SOURCE_DIR / "docs" / "examples" / "tiny_cnn_qdq.onnxtxt"


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    return TINY_MODEL


@pytest.fixture(scope="session")
def tiny_compiled(tiny_model):
    import mcunet

    return mcunet.compile(tiny_model, target="host")


def shared_models():
    """Folders of ../shared/models with a model.onnx (empty without it)."""
    if not MODELS_DIR.is_dir():
        return []
    return sorted(p for p in MODELS_DIR.iterdir() if (p / "model.onnx").is_file())
