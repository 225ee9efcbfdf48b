# SPDX-License-Identifier: Apache-2.0
"""Compiled.run on the repository's own model: the host build agrees with
the C harness that the lit tests use, float inputs are quantized as TFLite
does, bad inputs raise RunError, and the build is cached."""

import subprocess

import numpy as np
import pytest

import mcunet
from conftest import SOURCE_DIR


def _harness_output(compiled, x, tmp_path):
    """The same C built by hand with test/Target/C/Inputs/run_model.c."""
    out = tmp_path / "c"
    compiled.write(out)
    exe = out / "run"
    harness = SOURCE_DIR / "test" / "Target" / "C" / "Inputs" / "run_model.c"
    subprocess.run(["cc", "-std=c99", "-O1", "-I", str(out), str(harness), str(out / "model.c"),
                    str(out / "model_weights.c"), "-o", str(exe), "-lm"], check=True)
    (out / "in.bin").write_bytes(x.tobytes())
    subprocess.run([str(exe), str(out / "in.bin"), str(out / "out.bin")], check=True)
    spec = compiled.report.outputs[0]
    return np.frombuffer((out / "out.bin").read_bytes(), dtype=spec["dtype"]).reshape(spec["shape"])


def test_run_equals_the_c_harness(tiny_compiled, tmp_path):
    rng = np.random.default_rng(7)
    for _ in range(3):
        x = rng.integers(-128, 128, size=tiny_compiled.report.inputs[0]["shape"], dtype=np.int8)
        np.testing.assert_array_equal(tiny_compiled.run(x), _harness_output(tiny_compiled, x, tmp_path))


def test_float_input_is_quantized(tiny_compiled):
    spec = tiny_compiled.report.inputs[0]
    rng = np.random.default_rng(3)
    real = rng.uniform(-1.2, 1.2, size=spec["shape"]).astype(np.float32)
    q = np.floor(np.abs(real.astype(np.float64) / spec["scale"]) + 0.5) * np.sign(real)
    q = np.clip(q + spec["zero_point"], -128, 127).astype(np.int8)
    np.testing.assert_array_equal(tiny_compiled.run(real), tiny_compiled.run(q))


def test_bad_inputs(tiny_compiled):
    shape = tiny_compiled.report.inputs[0]["shape"]
    with pytest.raises(mcunet.RunError, match="has shape"):
        tiny_compiled.run(np.zeros((1, 3, 8, 8), np.int8))
    with pytest.raises(mcunet.RunError, match="dtype int16"):
        tiny_compiled.run(np.zeros(shape, np.int16))
    with pytest.raises(mcunet.RunError, match="takes 1 input"):
        tiny_compiled.run(np.zeros(shape, np.int8), np.zeros(shape, np.int8))


def test_build_is_cached(tiny_model, tiny_compiled):
    tiny_compiled.run(np.zeros(tiny_compiled.report.inputs[0]["shape"], np.int8))
    library = tiny_compiled._runner.library
    built = library.stat().st_mtime_ns
    again = mcunet.compile(tiny_model, target="host")
    again.run(np.zeros(again.report.inputs[0]["shape"], np.int8))
    assert again._runner.library == library
    assert library.stat().st_mtime_ns == built  # Not rebuilt.
    # Other C (another prefix) is another library.
    other = mcunet.compile(tiny_model, target="host", prefix="other")
    other.run(np.zeros(other.report.inputs[0]["shape"], np.int8))
    assert other._runner.library != library
