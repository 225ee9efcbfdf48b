# SPDX-License-Identifier: Apache-2.0
"""Post-training int8 quantization of a float PyTorch model into a QDQ ONNX
model that mcunet compiles (TFLite's scheme).

    mcunet.export_qdq(model, torch.zeros(1, 1, 28, 28), batches, "m.onnx")

What it does (docs/python.md):
1. traces the model with torch.fx and folds every BatchNorm that follows a
   convolution into it (torch.fx.experimental.optimization.fuse);
2. marks the quantization points: the model input, and the output of every
   op that computes new values (conv, linear, add, mul, pooling that
   averages, concat, mean, ...); an activation (ReLU, ReLU6, Hardtanh,
   clamp) directly after such an op moves the point behind it, so it is
   fused as TFLite fuses it. Data movement (flatten, reshape, max pooling,
   dropout, ...) keeps its input's quantization;
3. runs the calibration batches and records each point's min and max;
   activations get asymmetric per-tensor int8 parameters over [min(0, lo),
   max(0, hi)] (scale = range / 255, zero point in [-128, 127]); the inputs
   and output of a concat share one range;
4. exports to ONNX (opset 13) with a fake-quantization at every point,
   which the exporter writes as QuantizeLinear/DequantizeLinear;
5. rewrites the weights of Conv/Gemm/MatMul as int8 initializers with
   symmetric per-output-channel scales (max |w| / 127) behind
   DequantizeLinear, and biases as int32 with scale input scale x weight
   scale (zero point 0);
6. with int8_io (default) the graph takes and returns int8 tensors (the
   input QuantizeLinear and output DequantizeLinear are dropped), so the
   microcontroller never holds a float copy of the input.
"""

from __future__ import annotations

import copy
import operator
import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Union

import numpy as np

try:
    import torch
    import torch.fx
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.fx.experimental.optimization import fuse as _fuse_conv_bn
except ImportError as _error:  # pragma: no cover - depends on the machine
    raise ImportError(
        "mcunet.export_qdq needs PyTorch (Debian: python3-torch)"
    ) from _error

import onnx
from onnx import helper, numpy_helper

__all__ = ["QuantizationError", "export_qdq"]


class QuantizationError(Exception):
    """The model cannot be quantized as asked (names the node or op)."""


# Modules/functions that compute new values: their output is quantized.
_COMPUTE_MODULES = (
    nn.Conv1d,
    nn.Conv2d,
    nn.Linear,
    nn.AvgPool2d,
    nn.AdaptiveAvgPool2d,
    nn.BatchNorm2d,
    nn.BatchNorm1d,
)
_COMPUTE_FUNCTIONS = {
    operator.add,
    operator.mul,
    torch.add,
    torch.mul,
    torch.cat,
    torch.mean,
    F.avg_pool2d,
    F.adaptive_avg_pool2d,
    F.linear,
    F.conv2d,
}
_COMPUTE_METHODS = {"add", "mul", "mean"}
# Activations that fuse into the op before them.
_ACTIVATION_MODULES = (nn.ReLU, nn.ReLU6, nn.Hardtanh)
_ACTIVATION_FUNCTIONS = {F.relu, F.relu6, torch.relu, F.hardtanh, torch.clamp}
_ACTIVATION_METHODS = {"relu", "clamp", "relu_"}
# Ops that move or select values: their output keeps the input's params.
_PASSTHROUGH_MODULES = (
    nn.Flatten,
    nn.MaxPool2d,
    nn.Dropout,
    nn.Identity,
)
_PASSTHROUGH_FUNCTIONS = {
    torch.flatten,
    torch.reshape,
    torch.squeeze,
    torch.unsqueeze,
    F.max_pool2d,
    F.dropout,
}
_PASSTHROUGH_METHODS = {
    "view",
    "reshape",
    "flatten",
    "squeeze",
    "unsqueeze",
    "contiguous",
    "size",
}
_SOFTMAX_MODULES = (nn.Softmax,)
_SOFTMAX_FUNCTIONS = {F.softmax, torch.softmax}


class _Observer(nn.Module):
    def __init__(self):
        super().__init__()
        self.lo = float("inf")
        self.hi = float("-inf")

    def forward(self, x):
        self.lo = min(self.lo, float(x.detach().min()))
        self.hi = max(self.hi, float(x.detach().max()))
        return x


class _FakeQuant(nn.Module):
    def __init__(self, scale: float, zero_point: int):
        super().__init__()
        self.scale = float(scale)
        self.zero_point = int(zero_point)

    def forward(self, x):
        return torch.fake_quantize_per_tensor_affine(
            x, self.scale, self.zero_point, -128, 127
        )


def _kind(gm: torch.fx.GraphModule, node: torch.fx.Node) -> str:
    """compute, activation, passthrough, softmax, input, output or other."""
    if node.op == "placeholder":
        return "input"
    if node.op == "output":
        return "output"
    if node.op == "get_attr":
        return "constant"
    if node.op == "call_module":
        module = gm.get_submodule(node.target)
        if isinstance(module, _ACTIVATION_MODULES):
            return "activation"
        if isinstance(module, _PASSTHROUGH_MODULES):
            return "passthrough"
        if isinstance(module, _SOFTMAX_MODULES):
            return "softmax"
        if isinstance(module, _COMPUTE_MODULES):
            return "compute"
        return "other"
    if node.op == "call_function":
        if node.target in _ACTIVATION_FUNCTIONS:
            return "activation"
        if node.target in _PASSTHROUGH_FUNCTIONS:
            return "passthrough"
        if node.target in _SOFTMAX_FUNCTIONS:
            return "softmax"
        if node.target in _COMPUTE_FUNCTIONS:
            return "compute"
        if node.target is operator.getitem:
            return "passthrough"
        return "other"
    if node.op == "call_method":
        if node.target in _ACTIVATION_METHODS:
            return "activation"
        if node.target in _PASSTHROUGH_METHODS:
            return "passthrough"
        if node.target == "softmax":
            return "softmax"
        if node.target in _COMPUTE_METHODS:
            return "compute"
        return "other"
    return "other"


def _tensor_args(node: torch.fx.Node) -> List[torch.fx.Node]:
    return [a for a in node.all_input_nodes]


def _quantization_points(gm: torch.fx.GraphModule) -> List[torch.fx.Node]:
    """The nodes whose outputs get a fake-quantization, in graph order."""
    points: List[torch.fx.Node] = []
    chosen: Set[torch.fx.Node] = set()
    nodes = list(gm.graph.nodes)
    for node in nodes:
        kind = _kind(gm, node)
        if kind in ("input", "compute", "softmax", "other"):
            if node.op == "call_method" and node.target == "size":
                continue
            points.append(node)
            chosen.add(node)
        elif kind == "activation":
            source = _tensor_args(node)[0] if _tensor_args(node) else None
            if source in chosen and len(source.users) == 1 and source.op != "placeholder":
                # Fuse: the point moves behind the activation.
                chosen.discard(source)
                points.remove(source)
            points.append(node)
            chosen.add(node)
    return points


def _qparams(lo: float, hi: float):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo < 1e-12:
        return 1.0 / 255.0, -128
    scale = (hi - lo) / 255.0
    zero_point = int(np.clip(np.round(-128 - lo / scale), -128, 127))
    return scale, zero_point


def _as_batches(calibration_batches) -> Iterable:
    if isinstance(calibration_batches, torch.Tensor):
        return [calibration_batches]
    return calibration_batches


def export_qdq(
    module: nn.Module,
    example_input: torch.Tensor,
    calibration_batches: Union[torch.Tensor, Iterable],
    path: Union[str, os.PathLike],
    *,
    int8_io: bool = True,
    opset: int = 13,
) -> Path:
    """Quantizes `module` (float, eval mode is set on a copy) to int8 and
    writes a QDQ ONNX model to `path`; returns the path.

    example_input: one input, with the batch dimension the model should
        have on the microcontroller (usually 1).
    calibration_batches: a tensor (N, ...) or an iterable of tensors (or of
        (tensor, label) pairs) in the model's input format; per-tensor
        activation ranges are their min and max.
    int8_io: take and return int8 tensors (default); False keeps float
        input and output (the C then quantizes and dequantizes).
    """
    model = copy.deepcopy(module).eval()
    try:
        gm = _fuse_conv_bn(model)
    except Exception as error:  # torch.fx raises many types
        raise QuantizationError(
            f"torch.fx cannot trace {type(module).__name__}: {error}"
        ) from None
    gm.eval()
    points = _quantization_points(gm)

    # Calibrate.
    observers: Dict[str, torch.fx.Node] = {}
    graph = gm.graph
    for k, node in enumerate(points):
        name = f"_mcunet_observer_{k}"
        gm.add_submodule(name, _Observer())
        with graph.inserting_after(node):
            obs = graph.call_module(name, (node,))
        node.replace_all_uses_with(obs)
        obs.args = (node,)
        observers[name] = node
    gm.recompile()
    seen = 0
    with torch.no_grad():
        for batch in _as_batches(calibration_batches):
            if isinstance(batch, (tuple, list)):
                batch = batch[0]
            gm(batch.float())
            seen += 1
    if seen == 0:
        raise QuantizationError("no calibration batches were given")

    # Ranges; the inputs of a concat share the concat's range.
    ranges = {}
    for name, node in observers.items():
        obs = gm.get_submodule(name)
        if obs.lo > obs.hi:
            raise QuantizationError(
                f"node '{node.name}' never ran during calibration"
            )
        ranges[name] = [obs.lo, obs.hi]
    for name, node in observers.items():
        if node.op == "call_function" and node.target is torch.cat:
            members = [name]
            for arg in node.args[0]:
                members += [n for n, users in _observers_of(arg, observers)]
            lo = min(ranges[m][0] for m in members)
            hi = max(ranges[m][1] for m in members)
            for m in members:
                ranges[m] = [lo, hi]

    # Replace the observers by fake-quantizations and export.
    for name, node in observers.items():
        kind = _kind(gm, node)
        if kind == "softmax":
            scale, zero_point = 1.0 / 256.0, -128
        else:
            scale, zero_point = _qparams(*ranges[name])
        setattr(gm, name, _FakeQuant(scale, zero_point))
    gm.recompile()
    path = Path(path)
    tmp = path.with_name(path.name + ".float.onnx")
    try:
        with torch.no_grad():
            torch.onnx.export(
                gm,
                example_input.float(),
                str(tmp),
                opset_version=opset,
                input_names=["input"],
                output_names=["output"],
                do_constant_folding=True,
            )
        model_proto = onnx.load(str(tmp))
    finally:
        if tmp.exists():
            tmp.unlink()
    _quantize_weights(model_proto)
    if int8_io:
        _int8_io(model_proto)
    onnx.checker.check_model(model_proto)
    partial = path.with_name(path.name + ".tmp")
    onnx.save(model_proto, str(partial))
    os.replace(partial, path)
    return path


def _observers_of(node, observers):
    """The observer names recording `node` (through pass-through ops)."""
    result = []
    for name, observed in observers.items():
        if observed is node:
            result.append((name, node))
    if not result and hasattr(node, "all_input_nodes"):
        for arg in node.all_input_nodes:
            result += _observers_of(arg, observers)
    return result


# --- ONNX rewriting ----------------------------------------------------------


_ONNX_PASSTHROUGH = {
    "Flatten",
    "Reshape",
    "Squeeze",
    "Unsqueeze",
    "Transpose",
    "MaxPool",
    "Identity",
}


class _Graph:
    def __init__(self, model: onnx.ModelProto):
        self.graph = model.graph
        self.inits = {t.name: t for t in self.graph.initializer}
        self.constants = {}
        for node in self.graph.node:
            if node.op_type == "Constant":
                for attr in node.attribute:
                    if attr.name == "value":
                        self.constants[node.output[0]] = numpy_helper.to_array(attr.t)
        self.producer = {out: n for n in self.graph.node for out in n.output}

    def value(self, name: str) -> Optional[np.ndarray]:
        if name in self.inits:
            return numpy_helper.to_array(self.inits[name])
        return self.constants.get(name)

    def add_init(self, array: np.ndarray, name: str) -> str:
        self.graph.initializer.append(numpy_helper.from_array(array, name))
        return name

    def input_scale(self, name: str, where: str) -> float:
        dq = self.producer.get(name)
        # Data movement keeps the quantization of what it moves.
        while dq is not None and dq.op_type in _ONNX_PASSTHROUGH:
            dq = self.producer.get(dq.input[0])
        if dq is None or dq.op_type != "DequantizeLinear":
            raise QuantizationError(
                f"node '{where}': its input '{name}' is not quantized (no "
                "DequantizeLinear before it); the op before it is not one "
                "export_qdq knows"
            )
        scale = self.value(dq.input[1])
        if scale is None or scale.size != 1:
            raise QuantizationError(f"node '{where}': input scale is not a constant")
        return float(scale.reshape(()))


def _constants_to_initializers(model: onnx.ModelProto) -> None:
    """Constant nodes (the exporter writes quantization parameters so)
    become initializers: one place for every constant."""
    graph = model.graph
    keep = []
    for node in graph.node:
        value = next((a for a in node.attribute if a.name == "value"), None)
        if node.op_type == "Constant" and value is not None and len(node.attribute) == 1:
            tensor = onnx.TensorProto()
            tensor.CopyFrom(value.t)
            tensor.name = node.output[0]
            graph.initializer.append(tensor)
        else:
            keep.append(node)
    del graph.node[:]
    graph.node.extend(keep)


def _quantize_weights(model: onnx.ModelProto) -> None:
    _constants_to_initializers(model)
    g = _Graph(model)
    new_nodes = []
    used_float = set()
    for node in list(g.graph.node):
        if node.op_type not in ("Conv", "Gemm", "MatMul"):
            continue
        weight = g.value(node.input[1]) if len(node.input) > 1 else None
        if weight is None or weight.dtype != np.float32:
            continue
        axis = 0
        if node.op_type == "Gemm":
            trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
            axis = 0 if trans_b else 1
        elif node.op_type == "MatMul":
            if weight.ndim != 2:
                continue
            axis = 1
        moved = np.moveaxis(weight, axis, 0).reshape(weight.shape[axis], -1)
        w_scale = np.abs(moved).max(axis=1) / 127.0
        w_scale = np.where(w_scale > 0, w_scale, 1.0).astype(np.float32)
        shape = [1] * weight.ndim
        shape[axis] = -1
        q = np.clip(np.round(weight / w_scale.reshape(shape)), -127, 127).astype(np.int8)
        base = node.name or node.output[0]
        wq = g.add_init(q, f"{base}.weight_q")
        ws = g.add_init(w_scale, f"{base}.weight_scale")
        wz = g.add_init(np.zeros_like(w_scale, dtype=np.int8), f"{base}.weight_zero_point")
        deq = f"{base}.weight_dq"
        new_nodes.append(
            helper.make_node(
                "DequantizeLinear", [wq, ws, wz], [deq], name=f"{base}.weight_dequantize", axis=axis
            )
        )
        used_float.add(node.input[1])
        node.input[1] = deq
        bias_index = 2
        if node.op_type in ("Conv", "Gemm") and len(node.input) > bias_index and node.input[bias_index]:
            bias = g.value(node.input[bias_index])
            if bias is None:
                continue
            s_in = g.input_scale(node.input[0], node.name)
            b_scale = (np.float32(s_in) * w_scale).astype(np.float32)
            bq = np.clip(np.round(bias.astype(np.float64) / b_scale.astype(np.float64)),
                         -(2**31), 2**31 - 1).astype(np.int32)
            bq_name = g.add_init(bq, f"{base}.bias_q")
            bs_name = g.add_init(b_scale, f"{base}.bias_scale")
            bz_name = g.add_init(np.zeros(b_scale.shape, dtype=np.int32), f"{base}.bias_zero_point")
            bdeq = f"{base}.bias_dq"
            new_nodes.append(
                helper.make_node(
                    "DequantizeLinear", [bq_name, bs_name, bz_name], [bdeq],
                    name=f"{base}.bias_dequantize", axis=0,
                )
            )
            used_float.add(node.input[bias_index])
            node.input[bias_index] = bdeq
    # Drop float initializers no longer read, then put the new nodes first
    # (they read only initializers: a valid topological order).
    still_read = {i for n in g.graph.node for i in n.input}
    keep = [t for t in g.graph.initializer if t.name not in used_float or t.name in still_read]
    del g.graph.initializer[:]
    g.graph.initializer.extend(keep)
    nodes = new_nodes + list(g.graph.node)
    del g.graph.node[:]
    g.graph.node.extend(nodes)


def _int8_io(model: onnx.ModelProto) -> None:
    """Makes the graph input and output int8 (drops the boundary Q/DQ)."""
    graph = model.graph
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for value in graph.input:
        users = consumers.get(value.name, [])
        if len(users) != 1 or users[0].op_type != "QuantizeLinear":
            raise QuantizationError(
                f"graph input '{value.name}' is not read by one QuantizeLinear"
            )
        q = users[0]
        # Readers of q's output read the input directly.
        for node in graph.node:
            for k, name in enumerate(node.input):
                if name == q.output[0]:
                    node.input[k] = value.name
        value.type.tensor_type.elem_type = onnx.TensorProto.INT8
        graph.node.remove(q)
    producer = {out: n for n in graph.node for out in n.output}
    for value in graph.output:
        dq = producer.get(value.name)
        if dq is None or dq.op_type != "DequantizeLinear":
            raise QuantizationError(
                f"graph output '{value.name}' is not made by a DequantizeLinear"
            )
        source = dq.input[0]
        graph.node.remove(dq)
        for node in graph.node:
            for k, name in enumerate(node.output):
                if name == source:
                    node.output[k] = value.name
            for k, name in enumerate(node.input):
                if name == source:
                    node.input[k] = value.name
        value.type.tensor_type.elem_type = onnx.TensorProto.INT8
