#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes docs/examples/tiny_cnn_qdq.onnxtxt: the demo model of
scripts/demo.sh, a small int8 QDQ CNN in ONNX's textual syntax.

MobileNetV2-style: 3x3 stride-2 conv + Relu6, an inverted-bottleneck block
(1x1 expand + Relu6, 3x3 depthwise + Relu6, 1x1 project) with a residual
Add, global average pooling, a fully connected head and Softmax. Weights are
random with a fixed seed; activation scales come from running the float
model on random inputs (max-abs calibration), so nothing saturates.

Needs only numpy. Usage: scripts/make-demo-model.py > docs/examples/tiny_cnn_qdq.onnxtxt
"""
import numpy as np

rng = np.random.default_rng(2026)
H = W = 16
CIN, C1, EXP, NCLS = 3, 8, 24, 4


def conv2d(x, w, b, stride, pad, group=1):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (wd + 2 * pad - kw) // stride + 1
    y = np.zeros((n, o, oh, ow))
    og = o // group
    for oc in range(o):
        g = oc // og
        for i in range(oh):
            for j in range(ow):
                patch = xp[:, g * cg:(g + 1) * cg, i * stride:i * stride + kh,
                           j * stride:j * stride + kw]
                y[:, oc, i, j] = (patch * w[oc]).sum(axis=(1, 2, 3)) + b[oc]
    return y


def relu6(x):
    return np.clip(x, 0, 6)


params = {
    "w0": rng.normal(0, 0.4, (C1, CIN, 3, 3)), "b0": rng.normal(0, 0.1, C1),
    "w1": rng.normal(0, 0.4, (EXP, C1, 1, 1)), "b1": rng.normal(0, 0.1, EXP),
    "w2": rng.normal(0, 0.4, (EXP, 1, 3, 3)), "b2": rng.normal(0, 0.1, EXP),
    "w3": rng.normal(0, 0.2, (C1, EXP, 1, 1)), "b3": rng.normal(0, 0.1, C1),
    "wf": rng.normal(0, 0.5, (NCLS, C1)), "bf": rng.normal(0, 0.1, NCLS),
}


def forward(x):
    t = {}
    t["a0"] = relu6(conv2d(x, params["w0"], params["b0"], 2, 1))
    t["a1"] = relu6(conv2d(t["a0"], params["w1"], params["b1"], 1, 0))
    t["a2"] = relu6(conv2d(t["a1"], params["w2"], params["b2"], 1, 1, EXP))
    t["a3"] = conv2d(t["a2"], params["w3"], params["b3"], 1, 0)
    t["a4"] = t["a0"] + t["a3"]
    t["a5"] = t["a4"].mean(axis=(2, 3), keepdims=True)
    t["a6"] = t["a5"].reshape(1, C1) @ params["wf"].T + params["bf"]
    e = np.exp(t["a6"] - t["a6"].max())
    t["a7"] = e / e.sum()
    return t


# Calibration: max-abs over random inputs in [-1, 1].
ranges = {}
for _ in range(8):
    x = rng.uniform(-1, 1, (1, CIN, H, W))
    for k, v in forward(x).items():
        lo, hi = ranges.get(k, (0.0, 0.0))
        ranges[k] = (min(lo, v.min()), max(hi, v.max()))


def act_qparams(name):
    lo, hi = ranges[name]
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = np.float32((hi - lo) / 255.0)
    zp = int(np.clip(round(-128 - lo / scale), -128, 127))
    return scale, zp


def fmt_floats(a):
    return ", ".join(repr(float(np.float32(v))) for v in np.ravel(a))


def fmt_ints(a):
    return ", ".join(str(int(v)) for v in np.ravel(a))


inits, nodes = [], []
in_scale, in_zp = np.float32(2.0 / 255.0), 0


def init(dtype, name, shape, text):
    dims = "[" + ",".join(str(d) for d in shape) + "]" if shape else ""
    inits.append(f"{dtype}{dims} {name} = {{{text}}}")


def scalar_qparams(name, scale, zp, dtype="int8"):
    init("float", f"{name}_scale", [], repr(float(scale)))
    init(dtype, f"{name}_zp", [], str(zp))


def weight(name, w, x_scale, bias):
    """Per-channel symmetric int8 weights and int32 bias, DequantizeLinear'd."""
    o = w.shape[0]
    ws = np.float32(np.abs(w.reshape(o, -1)).max(axis=1) / 127.0)
    wq = np.clip(np.round(w / ws.reshape(-1, *([1] * (w.ndim - 1)))), -127, 127)
    init("int8", f"{name}_q", list(w.shape), fmt_ints(wq))
    init("float", f"{name}_s", [o], fmt_floats(ws))
    init("int8", f"{name}_z", [o], fmt_ints(np.zeros(o)))
    bs = np.float32(x_scale * ws)
    bq = np.round(bias / bs)
    init("int32", f"{name}_bq", [o], fmt_ints(bq))
    init("float", f"{name}_bs", [o], fmt_floats(bs))
    init("int32", f"{name}_bz", [o], fmt_ints(np.zeros(o)))
    nodes.append(f"{name}_f = DequantizeLinear <axis = 0> ({name}_q, {name}_s, {name}_z)")
    nodes.append(f"{name}_bf = DequantizeLinear <axis = 0> ({name}_bq, {name}_bs, {name}_bz)")


def quantize(src, name):
    s, z = act_qparams(name)
    scalar_qparams(name, s, z)
    nodes.append(f"{name} = QuantizeLinear ({src}, {name}_scale, {name}_zp)")
    nodes.append(f"{name}_dq = DequantizeLinear ({name}, {name}_scale, {name}_zp)")
    return s


init("float", "input_scale", [], repr(float(in_scale)))
init("int8", "input_zp", [], str(in_zp))
init("float", "six", [], "6.0")
init("float", "zero", [], "0.0")
nodes.append("input_dq = DequantizeLinear (input, input_scale, input_zp)")

weight("w0", params["w0"], in_scale, params["b0"])
nodes.append("c0 = Conv <kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]> (input_dq, w0_f, w0_bf)")
nodes.append("r0 = Clip (c0, zero, six)")
s0 = quantize("r0", "a0")
weight("w1", params["w1"], s0, params["b1"])
nodes.append("c1 = Conv <kernel_shape = [1, 1]> (a0_dq, w1_f, w1_bf)")
nodes.append("r1 = Clip (c1, zero, six)")
s1 = quantize("r1", "a1")
weight("w2", params["w2"], s1, params["b2"])
nodes.append(f"c2 = Conv <kernel_shape = [3, 3], pads = [1, 1, 1, 1], group = {EXP}> (a1_dq, w2_f, w2_bf)")
nodes.append("r2 = Clip (c2, zero, six)")
s2 = quantize("r2", "a2")
weight("w3", params["w3"], s2, params["b3"])
nodes.append("c3 = Conv <kernel_shape = [1, 1]> (a2_dq, w3_f, w3_bf)")
quantize("c3", "a3")
nodes.append("sum = Add (a0_dq, a3_dq)")
quantize("sum", "a4")
nodes.append("pool = GlobalAveragePool (a4_dq)")
quantize("pool", "a5")
init("int64", "flat_shape", [2], f"1, {C1}")
nodes.append("flat = Reshape (a5_dq, flat_shape)")
s5 = act_qparams("a5")[0]
weight("wf", params["wf"], s5, params["bf"])
nodes.append("fc = Gemm <transB = 1> (flat, wf_f, wf_bf)")
quantize("fc", "a6")
nodes.append("prob = Softmax <axis = -1> (a6_dq)")
init("float", "out_scale", [], repr(1.0 / 256.0))
init("int8", "out_zp", [], "-128")
nodes.append("output = QuantizeLinear (prob, out_scale, out_zp)")

print("# tiny_cnn_qdq: the demo model of scripts/demo.sh (int8 QDQ, ONNX text).")
print("# Made by scripts/make-demo-model.py (numpy, fixed seed); do not edit.")
print('<ir_version: 8, opset_import: ["" : 13], producer_name: "mcunet make-demo-model">')
print(f"tiny_cnn_qdq (int8[1,{CIN},{H},{W}] input) => (int8[1,{NCLS}] output)")
print("<")
print(",\n".join("  " + i for i in inits))
print(">")
print("{")
for n in nodes:
    print("  " + n)
print("}")
