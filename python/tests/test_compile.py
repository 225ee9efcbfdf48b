# SPDX-License-Identifier: Apache-2.0
"""mcunet.compile: the files, the report, the IR stages, and errors."""

import json
import subprocess

import onnx
import onnx.parser
import onnx.shape_inference
import pytest

import mcunet
from conftest import BIN_DIR


def _without_command_line(text):
    return "\n".join(l for l in text.splitlines() if not l.startswith(" * Command:"))


def test_files_and_report_equal_mcunet_compile(tiny_model, tiny_compiled, tmp_path):
    """The extension runs the same compiler as the command-line driver: same
    C files (but for the recorded command line) and the same report."""
    out = tmp_path / "cli"
    done = subprocess.run(
        [str(BIN_DIR / "mcunet-compile"), "-q", str(tiny_model), "-o", str(out)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(tiny_compiled.files) == sorted(p.name for p in out.iterdir())
    for name, text in tiny_compiled.files.items():
        expected = (out / name).read_text()
        if name == "report.json":
            assert json.loads(text) == json.loads(expected)
        else:
            assert _without_command_line(text) == _without_command_line(expected), name
    assert tiny_compiled.report.raw == json.loads((out / "report.json").read_text())


def _macs_from_onnx(path):
    """MACs of Conv and Gemm nodes, from ONNX's own shape inference."""
    model = onnx.parser.parse_model(path.read_text())
    model = onnx.shape_inference.infer_shapes(model)
    shapes = {}
    for v in list(model.graph.value_info) + list(model.graph.output) + list(model.graph.input):
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    inits = {t.name: list(t.dims) for t in model.graph.initializer}
    producer = {o: n for n in model.graph.node for o in n.output}

    def weight_shape(name):
        node = producer.get(name)
        while node is not None and node.op_type == "DequantizeLinear":
            name = node.input[0]
            node = producer.get(name)
        return inits[name]

    macs = 0
    for node in model.graph.node:
        if node.op_type == "Conv":
            out = shapes[node.output[0]]
            w = weight_shape(node.input[1])
            macs += out[0] * out[1] * out[2] * out[3] * w[1] * w[2] * w[3]
        elif node.op_type in ("Gemm", "MatMul"):
            out = shapes[node.output[0]]
            w = weight_shape(node.input[1])
            macs += out[0] * out[1] * (w[1] if node.op_type == "Gemm" else w[0])
    return macs


def test_report_fields(tiny_model, tiny_compiled):
    report = tiny_compiled.report
    conv_macs = sum(l["macs"] for l in report.layers if l["op"] in ("te.conv2d", "te.depthwise_conv2d", "te.fully_connected"))
    assert conv_macs == _macs_from_onnx(tiny_model)
    assert report.macs >= conv_macs
    assert report.peak_sram_bytes == report.arena_bytes + report.stack_bytes
    io = sum(t["bytes"] for t in report.inputs + report.outputs)
    assert report.peak_sram_bytes_run == report.peak_sram_bytes + io
    assert report.arena_bytes >= report.lower_bound_bytes > 0
    assert report.flash_weights_bytes > 0
    assert [t["name"] for t in report.inputs] == ["MODEL_INPUT"]
    assert report.inputs[0]["shape"] == [1, 3, 16, 16]
    assert report.inputs[0]["dtype"] == "int8"
    assert report.outputs[0]["shape"] == [1, 4]
    # Every layer row has the table's columns; the peak layer is the max.
    keys = {"name", "op", "onnx_name", "kernel", "output_shape", "macs", "params",
            "arena_offset", "arena_bytes", "live_bytes"}
    assert all(keys <= set(l) for l in report.layers)
    peak = max(report.layers, key=lambda l: l["live_bytes"])
    assert peak["name"] == report.raw["memory"]["peak_layer"]
    assert "peak SRAM" in str(report)


def test_stages(tiny_compiled):
    stages = tiny_compiled.stages
    assert stages[0] == "import" and stages[-1] == "final"
    assert "te-plan-memory" in stages and "te-fuse-activation" in stages
    # The planner's offsets appear at its stage and not before.
    assert "te.offset" not in tiny_compiled.mlir("import")
    assert "te.arena_size" in tiny_compiled.mlir("te-plan-memory")
    assert "te.clamp" in tiny_compiled.mlir("import")
    assert "te.clamp" not in tiny_compiled.mlir("te-fuse-activation")
    assert tiny_compiled.mlir() == tiny_compiled.files["model.mlir"]
    with pytest.raises(KeyError, match="no stage 'nope'"):
        tiny_compiled.mlir("nope")


def test_write(tiny_compiled, tmp_path):
    paths = tiny_compiled.write(tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(tiny_compiled.files)
    for p in paths:
        assert p.read_text() == tiny_compiled.files[p.name]
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_bytes_and_prefix(tiny_model):
    compiled = mcunet.compile(tiny_model.read_bytes(), target="host", prefix="kws",
                              model_name="tiny.onnxtxt", keep_stages=False)
    assert sorted(compiled.files) == ["kws.c", "kws.h", "kws.mlir", "kws_weights.c", "report.json"]
    assert "int kws_run(" in compiled.files["kws.h"]
    assert compiled.stages == ["final"]


def test_sram_budget(tiny_model, tiny_compiled):
    peak = tiny_compiled.report.peak_sram_bytes
    assert mcunet.compile(tiny_model, target="host", sram_budget=peak).report.peak_sram_bytes == peak
    assert mcunet.compile(tiny_model, target="host", sram_budget="1MB").report.peak_sram_bytes == peak
    with pytest.raises(mcunet.CompileError) as error:
        mcunet.compile(tiny_model, target="host", sram_budget=1000)
    text = str(error.value)
    assert "1000" in text and "peak" in text
    assert tiny_compiled.report.raw["memory"]["peak_layer"] in text


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target": "riscv"}, "unknown target 'riscv' (host, cortex-m4, cortex-m7)"),
        ({"memory_plan": "best"}, "unknown memory_plan 'best'"),
        ({"kernels": "fast"}, "unknown kernels 'fast' (specialized, reference)"),
        ({"sram_budget": "lots"}, "sram_budget='lots' is not a size"),
        ({"sram_budget": -5}, "sram_budget must be positive"),
    ],
)
def test_bad_options(tiny_model, kwargs, message):
    with pytest.raises(mcunet.CompileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        mcunet.compile(tiny_model, **kwargs)


def test_bad_option_type(tiny_model):
    with pytest.raises(TypeError):
        mcunet.compile(tiny_model, sram_budget=1.5)


def test_missing_file(tmp_path):
    with pytest.raises(mcunet.CompileError, match="cannot read '.*missing.onnx'"):
        mcunet.compile(tmp_path / "missing.onnx")


def test_garbage_bytes():
    with pytest.raises(mcunet.CompileError, match="model.onnx"):
        mcunet.compile(b"\x08\x01\x12\xff\xff\xff")


MALFORMED = """
<ir_version: 8, opset_import: ["" : 13]>
bad (float[1,3,8,8] x) => (float[1,4,8,8] y)
<float[4,3,3,3] w = {%s}>
{
  y = Conv <pads = [1, 1, 1, 1], strides = [0, 1]> (x, w)
}
""" % ", ".join(["0.5"] * 108)


def test_malformed_model_names_the_node(tmp_path):
    """A bad attribute on a node: the exception carries the node's name."""
    path = tmp_path / "bad.onnxtxt"
    # ONNX's text syntax cannot name a node: name it through the protobuf.
    model = onnx.parser.parse_model(MALFORMED)
    model.graph.node[0].name = "stem_conv"
    path = tmp_path / "bad.onnx"
    onnx.save(model, str(path))
    with pytest.raises(mcunet.CompileError) as error:
        mcunet.compile(path)
    text = str(error.value)
    assert "stem_conv" in text, text
    assert str(path) in text
    assert error.value.diagnostics == text


def test_unsupported_op_names_the_node(tmp_path):
    model = onnx.parser.parse_model("""
<ir_version: 8, opset_import: ["" : 13]>
g (float[1,4] x) => (float[1,4] y)
{
  y = Sin (x)
}
""")
    model.graph.node[0].name = "the_sine"
    with pytest.raises(mcunet.CompileError, match="the_sine"):
        mcunet.compile(model.SerializeToString())
