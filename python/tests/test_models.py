# SPDX-License-Identifier: Apache-2.0
"""Every model of ../shared/models compiles from Python, and Compiled.run
gives (layer by layer and patch by patch), byte for byte, what TensorFlow Lite Micro gives (tflm_output_k;
expected_output_k where that is missing) on every sample input."""

import numpy as np
import pytest

import mcunet
from conftest import MODELS_DIR, shared_models

MODELS = shared_models()


@pytest.mark.skipif(not MODELS, reason=f"no models in {MODELS_DIR}")
@pytest.mark.parametrize("schedule", ["layerwise", "fused"])
@pytest.mark.parametrize("folder", MODELS, ids=[m.name for m in MODELS])
def test_compile_and_run_bit_exact(folder, schedule):
    compiled = mcunet.compile(folder / "model.onnx", target="cortex-m7",
                              schedule=schedule)
    report = compiled.report
    assert report.macs > 0 and report.arena_bytes >= report.lower_bound_bytes
    inputs = sorted(folder.glob("input_*.npy"))
    assert inputs, f"{folder} has no input_k.npy"
    for path in inputs:
        k = path.stem.split("_")[1]
        expected_path = folder / f"tflm_output_{k}.npy"
        if not expected_path.exists():
            expected_path = folder / f"expected_output_{k}.npy"
        x = np.load(path)
        expected = np.load(expected_path)
        y = compiled.run(x)
        assert y.dtype == expected.dtype and y.shape == expected.shape
        np.testing.assert_array_equal(y, expected, err_msg=f"{folder.name} input {k}")


@pytest.mark.skipif(not MODELS, reason=f"no models in {MODELS_DIR}")
def test_batch_equals_one_by_one():
    """A batch through run() gives what the inputs give one at a time."""
    folder = next((m for m in MODELS if m.name == "mnist_lenet_300_100"), MODELS[0])
    compiled = mcunet.compile(folder / "model.onnx", target="host")
    xs = [np.load(p) for p in sorted(folder.glob("input_*.npy"))]
    batch = np.concatenate(xs)  # (N, ...) in place of the leading 1
    ys = compiled.run(batch)
    assert ys.shape[0] == len(xs)
    for x, y in zip(xs, ys):
        np.testing.assert_array_equal(compiled.run(x)[0], y)
    stacked = compiled.run(np.stack(xs))  # an extra leading dimension
    assert stacked.shape == (len(xs),) + tuple(compiled.report.outputs[0]["shape"])
    np.testing.assert_array_equal(stacked.reshape(ys.shape), ys)
