#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Random int8 QDQ models from the MCUNet search space, for the layer-wise
ONNX Runtime oracle (scripts/ort-oracle.sh, docs/oracle.md).

    genmodel.py --seed S --out DIR             one model in DIR
    genmodel.py --seed S --count N --out ROOT  models S..S+N-1 in ROOT/seed_<k>

writes, per model:

    DIR/model.onnx      opset 13, QDQ form of ../shared/models (int8 input ->
                        DequantizeLinear -> float op [-> Relu/Clip] ->
                        QuantizeLinear -> ...; int8 per-output-channel
                        symmetric conv weights DQ'd with axis=0; int32 biases
                        with scale in_scale * w_scale; depthwise = Conv with
                        group = C; Gemm head with transB=1; Softmax output
                        quantized with scale 1/256, zero point -128)
    DIR/input.bin       a random int8 input, ONNX layout (NCHW)
    DIR/layers.json     every quantized layer: its node name, ONNX op, int8
                        input tensor(s) and int8 output tensor (the
                        QuantizeLinear output), with shapes and parameters
    DIR/sub_<node>.onnx that layer alone: int8 graph input(s) -> DQ -> op
                        [-> act] -> Q -> int8 graph output

The architecture: input channels 1 or 3, square or non-square H x W up to
64; a 3x3 stride-2 stem conv; inverted-bottleneck blocks (expansion
1/3/4/6, depthwise kernel 3/5/7, stride 1/2, residual Add when the shapes
allow, whose two inputs have different scales); max/average pools; a
two-branch block joined by Concat (same or different input scales);
padding as Conv attributes (symmetric or TensorFlow-SAME asymmetric) or as
an explicit Pad node; an optional last 1x1 conv; GlobalAveragePool or
ReduceMean (or a direct Flatten of a small map), Reshape/Flatten, an
optional hidden Gemm + Relu, a Gemm head (per-tensor or per-channel
weights) and an optional Softmax.

Weights are random (He-style, with a per-channel spread as batch-norm
folding leaves it). Activation parameters are calibrated by running the
model in numpy, fake-quantized layer by layer, on a batch of random int8
inputs that includes the written input (max/min calibration with a 2%
margin), so the written input saturates no activation; Relu6 outputs use
TFLite's fixed [0, 6] range in some models. Everything is drawn from
numpy's generator seeded with S: the same seed gives the same files.

Models stay small (<= 300k MACs, <= 22 layers) so that 50 of them compile,
build and run through the oracle in a minute or two.
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CALIB_N = 16
MARGIN = 1.02
MAX_MACS = 300_000
MAX_LAYERS = 22
SIZES = [8, 12, 15, 16, 20, 24, 28, 31, 32, 40, 48, 56, 64]
CHANNELS = [3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32]


# ---------------------------------------------------------------------------
# numpy reference ops (NCHW, batch first)

def windows(x, kh, kw, stride):
    v = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))
    return v[:, :, ::stride, ::stride]


def conv2d(x, w, b, stride, pads, group):
    t, l, bo, r = pads
    x = np.pad(x, ((0, 0), (0, 0), (t, bo), (l, r)))
    win = windows(x, w.shape[2], w.shape[3], stride)  # N,C,OH,OW,kh,kw
    if group == 1:
        y = np.einsum("nchwij,ocij->nohw", win, w, optimize=True)
    else:  # depthwise, multiplier 1
        y = np.einsum("nchwij,cij->nchw", win, w[:, 0], optimize=True)
    return y + b[None, :, None, None]


def conv_out(n, k, s, p0, p1):
    return (n + p0 + p1 - k) // s + 1


def same_pads(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def act_qparams(lo, hi):
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    if hi - lo < 1e-2:
        hi = lo + 1e-2
    scale = np.float32((hi - lo) / 255.0)
    zp = int(np.clip(np.rint(-128.0 - lo / float(scale)), -128, 127))
    return scale, zp


def fake_quant(x, scale, zp):
    q = np.clip(np.rint(x / float(scale)) + zp, -128, 127)
    return (q - zp) * float(scale)


# ---------------------------------------------------------------------------

class Tensor:
    def __init__(self, name, shape, scale=None, zp=None, val=None):
        self.name, self.shape, self.scale, self.zp, self.val = (
            name, list(shape), scale, zp, val)


class Gen:
    """Builds one model. With dry=True only shapes, MACs and the layer count
    are tracked (the architecture budget check); otherwise the numpy
    calibration runs and ONNX nodes are made."""

    def __init__(self, rng, dry):
        self.rng, self.dry = rng, dry
        self.count = 0
        self.macs = 0
        self.nodes, self.inits, self.layers = [], {}, []
        self.dq_done = set()
        self.tensors = {}
        self.relu6_fixed = False
        # --relu-below-zero: calibrated ReLU outputs keep a little range
        # below 0 (as PyTorch's observers leave it), so their zero point is
        # above -128 and the fused ReLU clamps at it.
        self.relu_below_zero = False

    # -- naming and initializers --------------------------------------------
    def uname(self, kind):
        self.count += 1
        return "%s_%d" % (kind, self.count)

    def init(self, name, arr):
        if not self.dry:
            self.inits[name] = numpy_helper.from_array(np.asarray(arr), name)
        return name

    def dq(self, t):
        """Float view of int8 tensor t (one DequantizeLinear per tensor)."""
        out = t + "_dq"
        if t not in self.dq_done and not self.dry:
            self.dq_done.add(t)
            self.nodes.append(self.dq_node(t))
        return out

    @staticmethod
    def dq_node(t):
        return helper.make_node("DequantizeLinear",
                                [t, t + "_scale", t + "_zp"], [t + "_dq"],
                                name="dq_" + t)

    # -- weights --------------------------------------------------------------
    def rand_w(self, shape, fan_in):
        r = self.rng
        w = r.normal(0.0, np.sqrt(2.0 / fan_in), shape)
        w *= np.exp(r.normal(0.0, 0.35, (shape[0],) + (1,) * (len(shape) - 1)))
        b = r.normal(0.0, 0.15, shape[0])
        return w, b

    def weights(self, node, w, b, in_scale, per_channel):
        """Quantizes w (symmetric int8) and b (int32, scale in*w) and makes
        their DequantizeLinear nodes. Returns the dequantized w, b, the
        nodes and the initializer names."""
        o = w.shape[0]
        flat = np.abs(w).reshape(o, -1)
        if per_channel:
            ws = (np.maximum(flat.max(axis=1), 1e-6) / 127.0).astype(np.float32)
            wsb = ws.reshape((o,) + (1,) * (w.ndim - 1))
            wzp = np.zeros(o, np.int8)
            bs = (np.float32(in_scale) * ws).astype(np.float32)
            bzp = np.zeros(o, np.int32)
        else:
            ws = np.float32(max(flat.max(), 1e-6) / 127.0)
            wsb = ws
            wzp = np.int8(0)
            bs = np.float32(np.float32(in_scale) * ws)
            bzp = np.int32(0)
        wq = np.clip(np.rint(w / wsb), -127, 127).astype(np.int8)
        bq = np.clip(np.rint(b / bs), -2**31, 2**31 - 1).astype(np.int32)
        names = [self.init(node + "_w", wq), self.init(node + "_w_scale", ws),
                 self.init(node + "_w_zp", wzp), self.init(node + "_b", bq),
                 self.init(node + "_b_scale", bs),
                 self.init(node + "_b_zp", bzp)]
        kw = {"axis": 0} if per_channel else {}
        nodes = [] if self.dry else [
            helper.make_node("DequantizeLinear", names[0:3], [node + "_w_dq"],
                             name="dq_" + node + "_w", **kw),
            helper.make_node("DequantizeLinear", names[3:6], [node + "_b_dq"],
                             name="dq_" + node + "_b", **kw)]
        wd = wq.astype(np.float64) * np.asarray(wsb, np.float64)
        bd = bq.astype(np.float64) * np.asarray(bs, np.float64)
        return wd, bd, nodes, names

    # -- the generic quantized layer -------------------------------------------
    def emit(self, node, op_type, ins, extra, attrs, act, y, out_shape,
             qp=None, pre_nodes=(), pre_inits=()):
        """One quantized layer: DQ(ins) + extra -> op_type [-> act] -> Q.
        y: the float result on the calibration batch (before act);
        qp: fixed (scale, zp) of the output, else calibrated."""
        out = node + "_q"
        if self.dry:
            self.tensors[out] = Tensor(out, out_shape)
            self.layers.append(node)
            return out
        frag = list(pre_nodes)
        inits = list(pre_inits)
        op_in = [self.dq(t) for t in ins] + list(extra)
        cur = node + "_f"
        frag.append(helper.make_node(op_type, op_in, [cur], name=node, **attrs))
        if act == "relu":
            y = np.maximum(y, 0.0)
            frag.append(helper.make_node("Relu", [cur], [node + "_act"],
                                         name="relu_" + node))
            cur = node + "_act"
        elif act == "relu6":
            y = np.clip(y, 0.0, 6.0)
            inits += [self.init(node + "_min", np.float32(0.0)),
                      self.init(node + "_max", np.float32(6.0))]
            frag.append(helper.make_node(
                "Clip", [cur, node + "_min", node + "_max"], [node + "_act"],
                name="clip_" + node))
            cur = node + "_act"
        if qp is None and act == "relu6" and self.relu6_fixed:
            qp = (np.float32(6.0 / 255), -128)
        if qp is None:
            span = MARGIN * (y.max() - y.min()) / 2.0
            mid = (y.max() + y.min()) / 2.0
            lo, hi = mid - span, mid + span
            if y.min() >= 0.0:
                lo = 0.0
                if self.relu_below_zero and act in ("relu", "relu6"):
                    lo = -0.05 * hi
            qp = act_qparams(lo, hi)
        scale, zp = qp
        inits += [self.init(out + "_scale", np.float32(scale)),
                  self.init(out + "_zp", np.int8(zp))]
        frag.append(helper.make_node(
            "QuantizeLinear", [cur, out + "_scale", out + "_zp"], [out],
            name="q_" + node))
        assert list(y.shape[1:]) == list(out_shape[1:]), (node, y.shape)
        self.tensors[out] = Tensor(out, out_shape, scale, zp,
                                   fake_quant(y, scale, zp))
        self.nodes.extend(frag)
        self.layers.append({
            "node": node, "op": op_type, "act": act, "inputs": list(ins),
            "input_shapes": [self.tensors[t].shape for t in ins],
            "output": out, "output_shape": list(out_shape),
            "output_scale": float(scale), "output_zero_point": int(zp),
            "sub_model": "sub_%s.onnx" % node,
            "_nodes": frag, "_inits": inits})
        return out

    def val(self, t):
        return None if self.dry else self.tensors[t].val

    def same_q(self, t):
        x = self.tensors[t]
        return None if self.dry else (x.scale, x.zp)

    # -- layers -------------------------------------------------------------
    def conv(self, x, cout, k, stride, pads, act, depthwise=False,
             kind="conv", qp=None):
        n, c, h, w = self.tensors[x].shape
        oh = conv_out(h, k, stride, pads[0], pads[2])
        ow = conv_out(w, k, stride, pads[1], pads[3])
        group = c if depthwise else 1
        if depthwise:
            cout = c
        node = self.uname(kind)
        self.macs += oh * ow * cout * (c // group) * k * k
        attrs = {"dilations": [1, 1], "group": group, "kernel_shape": [k, k],
                 "pads": list(pads), "strides": [stride, stride]}
        shape = [1, cout, oh, ow]
        if self.dry:
            return self.emit(node, "Conv", [x], [], attrs, act, None, shape)
        wf, bf = self.rand_w((cout, c // group, k, k), (c // group) * k * k)
        wd, bd, wn, wi = self.weights(node, wf, bf, self.tensors[x].scale, True)
        y = conv2d(self.val(x), wd, bd, stride, pads, group)
        return self.emit(node, "Conv", [x], [node + "_w_dq", node + "_b_dq"],
                         attrs, act, y, shape, qp=qp, pre_nodes=wn,
                         pre_inits=wi)

    def pad(self, x, pads):
        n, c, h, w = self.tensors[x].shape
        t, l, b, r = pads
        node = self.uname("pad")
        shape = [1, c, h + t + b, w + l + r]
        pname = node + "_pads"
        pi = [self.init(pname, np.array([0, 0, t, l, 0, 0, b, r], np.int64))]
        y = None
        if not self.dry:
            y = np.pad(self.val(x), ((0, 0), (0, 0), (t, b), (l, r)))
        return self.emit(node, "Pad", [x], [pname], {"mode": "constant"}, None,
                         y, shape, qp=self.same_q(x), pre_inits=pi)

    def spatial_conv(self, x, cout, k, stride, mode, act, depthwise, kind,
                     qp=None):
        """Conv with padding given by mode: sym / same (attribute), valid,
        or explicit Pad node (pad_sym / pad_same)."""
        n, c, h, w = self.tensors[x].shape
        if mode.endswith("same"):
            t, b = same_pads(h, k, stride)
            l, r = same_pads(w, k, stride)
        elif mode.endswith("sym"):
            t = b = l = r = k // 2
        else:
            t = b = l = r = 0
        pads = [t, l, b, r]
        if mode.startswith("pad_") and any(pads):
            x = self.pad(x, pads)
            pads = [0, 0, 0, 0]
        return self.conv(x, cout, k, stride, pads, act, depthwise, kind, qp)

    def add(self, a, b, act=None):
        node = self.uname("add")
        y = None if self.dry else self.val(a) + self.val(b)
        return self.emit(node, "Add", [a, b], [], {}, act, y,
                         self.tensors[a].shape)

    def concat(self, xs, qp=None):
        node = self.uname("concat")
        shape = list(self.tensors[xs[0]].shape)
        shape[1] = sum(self.tensors[t].shape[1] for t in xs)
        y = None if self.dry else np.concatenate([self.val(t) for t in xs], 1)
        return self.emit(node, "Concat", xs, [], {"axis": 1}, None, y, shape,
                         qp=qp)

    def pool(self, x, kind, k, s):
        n, c, h, w = self.tensors[x].shape
        node = self.uname(kind)
        op = "MaxPool" if kind == "maxpool" else "AveragePool"
        attrs = {"kernel_shape": [k, k], "pads": [0, 0, 0, 0],
                 "strides": [s, s]}
        if op == "AveragePool":
            attrs["count_include_pad"] = 0
        shape = [1, c, conv_out(h, k, s, 0, 0), conv_out(w, k, s, 0, 0)]
        y = None
        if not self.dry:
            win = windows(self.val(x), k, k, s)
            y = (win.max(axis=(4, 5)) if op == "MaxPool"
                 else win.mean(axis=(4, 5)))
        return self.emit(node, op, [x], [], attrs, None, y, shape,
                         qp=self.same_q(x))

    def global_pool(self, x, kind, same_scale):
        n, c, h, w = self.tensors[x].shape
        node = self.uname("gap" if kind == "gap" else "mean")
        y = None if self.dry else self.val(x).mean(axis=(2, 3), keepdims=True)
        qp = self.same_q(x) if same_scale else None
        if kind == "gap":
            return self.emit(node, "GlobalAveragePool", [x], [], {}, None, y,
                             [1, c, 1, 1], qp=qp)
        return self.emit(node, "ReduceMean", [x], [],
                         {"axes": [2, 3], "keepdims": 1}, None, y,
                         [1, c, 1, 1], qp=qp)

    def flatten(self, x, kind):
        shape = self.tensors[x].shape
        k = int(np.prod(shape[1:]))
        y = None if self.dry else self.val(x).reshape(-1, k)
        if kind == "reshape":
            node = self.uname("reshape")
            pi = [self.init(node + "_shape", np.array([1, k], np.int64))]
            return self.emit(node, "Reshape", [x], [node + "_shape"], {}, None,
                             y, [1, k], qp=self.same_q(x), pre_inits=pi)
        node = self.uname("flatten")
        return self.emit(node, "Flatten", [x], [], {"axis": 1}, None, y,
                         [1, k], qp=self.same_q(x))

    def gemm(self, x, nout, per_channel, act=None):
        k = self.tensors[x].shape[1]
        node = self.uname("gemm")
        self.macs += k * nout
        if self.dry:
            return self.emit(node, "Gemm", [x], [], {}, act, None, [1, nout])
        wf, bf = self.rand_w((nout, k), k)
        wd, bd, wn, wi = self.weights(node, wf, bf, self.tensors[x].scale,
                                      per_channel)
        y = self.val(x) @ wd.T + bd
        return self.emit(node, "Gemm", [x], [node + "_w_dq", node + "_b_dq"],
                         {"transB": 1}, act, y, [1, nout], pre_nodes=wn,
                         pre_inits=wi)

    def softmax(self, x):
        node = self.uname("softmax")
        y = None
        if not self.dry:
            v = self.val(x)
            e = np.exp(v - v.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
        return self.emit(node, "Softmax", [x], [], {"axis": -1}, None, y,
                         self.tensors[x].shape,
                         qp=(np.float32(1.0 / 256), -128))


# ---------------------------------------------------------------------------
# architecture

def sample_plan(rng):
    """Draws an architecture: a list of steps, interpreted by run_plan."""
    r = rng
    p = {}
    p["cin"] = int(r.choice([1, 3]))
    if r.random() < 0.5:
        p["h"] = p["w"] = int(r.choice(SIZES))
    else:
        p["h"], p["w"] = (int(v) for v in r.choice(SIZES, 2))
    p["input_q"] = int(r.integers(0, 3))
    p["input_q_rand"] = (float(r.uniform(0.004, 0.03)), int(r.integers(-30, 31)))
    p["relu6_fixed"] = bool(r.random() < 0.3)
    acts = ["relu6", "relu6", "relu"]
    pad_modes = ["sym", "same", "pad_sym", "pad_same", "valid"]
    steps = [("stem", int(r.choice([3, 4, 8, 12, 16])),
              str(r.choice(pad_modes, p=[0.3, 0.2, 0.2, 0.2, 0.1])),
              str(r.choice(acts)))]
    c = steps[0][1]
    used_branch = False
    for _ in range(int(r.integers(1, 6))):
        u = r.random()
        if u < 0.15:
            steps.append(("pool", str(r.choice(["maxpool", "avgpool"])),
                          int(r.choice([2, 2, 3])), 2))
        elif u < 0.30 and not used_branch:
            used_branch = True
            ca, cb = int(r.choice([4, 6, 8])), int(r.choice([4, 8, 12]))
            steps.append(("branch", ca, cb, int(r.choice([3, 5])),
                          bool(r.random() < 0.5), str(r.choice(acts))))
            c = ca + cb
        e = int(r.choice([1, 3, 4, 6]))
        k = int(r.choice([3, 5, 7]))
        s = int(r.choice([1, 2]))
        if s == 1 and r.random() < 0.6:
            cout = c
        else:
            cout = int(r.choice(CHANNELS))
        residual = s == 1 and cout == c and r.random() < 0.9
        steps.append(("block", e, k, s, cout,
                      str(r.choice(pad_modes, p=[0.45, 0.15, 0.2, 0.15, 0.05])),
                      str(r.choice(acts)), residual))
        c = cout
    if r.random() < 0.5:
        steps.append(("last", int(r.choice([16, 24, 32, 48])), str(r.choice(acts))))
    steps.append(("head", str(r.choice(["gap", "gap", "mean", "flatten"])),
                  bool(r.random() < 0.5), str(r.choice(["reshape", "flatten"])),
                  int(r.choice([8, 16])) if r.random() < 0.2 else 0,
                  int(r.integers(2, 11)),
                  bool(r.random() < 0.3), bool(r.random() < 0.5)))
    p["steps"] = steps
    return p


def run_plan(g, p):
    n = CALIB_N
    cin, h, w = p["cin"], p["h"], p["w"]
    x = "input"
    if p["input_q"] == 0:
        iq = (np.float32(1.0 / 128), 0)
    elif p["input_q"] == 1:
        iq = (np.float32(1.0 / 255), -128)
    else:
        iq = (np.float32(p["input_q_rand"][0]), p["input_q_rand"][1])
    qin = None
    if not g.dry:
        qin = g.rng.integers(-128, 128, (n, cin, h, w)).astype(np.int8)
        g.init("input_scale", iq[0])
        g.init("input_zp", np.int8(iq[1]))
        g.tensors[x] = Tensor(x, [1, cin, h, w], iq[0], iq[1],
                              (qin.astype(np.float64) - iq[1]) * float(iq[0]))
    else:
        g.tensors[x] = Tensor(x, [1, cin, h, w])
    g.relu6_fixed = p["relu6_fixed"]
    six = (np.float32(6.0 / 255), -128)

    def sp(t):
        return g.tensors[t].shape

    summary = ["in%dx%dx%d" % (cin, h, w)]
    for st in p["steps"]:
        kind = st[0]
        if kind == "stem":
            _, c0, mode, act = st
            if mode == "valid" and min(h, w) < 3:
                mode = "sym"
            x = g.spatial_conv(x, c0, 3, 2, mode, act, False, "conv")
            summary.append("stem%d/%s" % (c0, mode))
        elif kind == "pool":
            _, pk, k, s = st
            if min(sp(x)[2:]) >= max(k, 2):
                x = g.pool(x, pk, k, s)
                summary.append("%s%d" % (pk, k))
        elif kind == "branch":
            _, ca, cb, k, same, act = st
            # same: both branches end in Relu6 with TFLite's fixed [0, 6]
            # range, so the Concat is pure data movement; else the branch
            # outputs have their own scales and the Concat requantizes
            qa = six if same else None
            a = g.conv(x, ca, 1, 1, [0, 0, 0, 0], "relu6" if same else act,
                       kind="conv", qp=qa)
            b = g.spatial_conv(x, 0, k, 1, "sym", act, True, "dw")
            b = g.conv(b, cb, 1, 1, [0, 0, 0, 0], "relu6" if same else None,
                       kind="pw", qp=qa)
            x = g.concat([a, b], qp=qa)
            summary.append("concat(%d+%d%s)" % (ca, cb, ",same" if qa else ""))
        elif kind == "block":
            _, e, k, s, cout, mode, act, residual = st
            if min(sp(x)[2:]) < 4:
                s = 1
                residual = residual and cout == sp(x)[1]
            if mode == "valid" and min(sp(x)[2:]) < k:
                mode = "sym"
            inp = x
            c = sp(x)[1]
            if e != 1:
                x = g.conv(x, c * e, 1, 1, [0, 0, 0, 0], act, kind="conv")
            x = g.spatial_conv(x, 0, k, s, mode, act, True, "dw")
            x = g.conv(x, cout, 1, 1, [0, 0, 0, 0], None, kind="pw")
            res = residual and sp(x) == sp(inp)
            if res:
                x = g.add(inp, x)
            summary.append("mb%d_k%d_s%d_c%d%s%s" % (
                e, k, s, cout, "_" + mode if mode != "sym" else "",
                "+res" if res else ""))
        elif kind == "dw":
            _, act = st
            x = g.spatial_conv(x, 0, 3, 1, "sym", act, True, "dw")
            summary.append("dw%d" % sp(x)[1])
        elif kind == "last":
            _, c, act = st
            x = g.conv(x, c, 1, 1, [0, 0, 0, 0], act, kind="conv")
            summary.append("last%d" % c)
        elif kind == "head":
            _, pk, same, fk, hidden, ncls, perch, smax = st
            if pk == "flatten" and sp(x)[2] * sp(x)[3] > 16:
                pk = "gap"
            if pk == "flatten":
                x = g.flatten(x, fk)
                summary.append("flatten%d" % sp(x)[1])
            else:
                x = g.global_pool(x, pk, same)
                x = g.flatten(x, fk)
                summary.append("%s%s" % (pk, "" if same else "*"))
            if hidden:
                x = g.gemm(x, hidden, perch, "relu")
                summary.append("fc+relu")
            x = g.gemm(x, ncls, perch)
            summary.append("fc%d%s" % (ncls, "pc" if perch else ""))
            if smax:
                x = g.softmax(x)
                summary.append("softmax")
    return x, qin, " ".join(summary)


def make_model(name, inputs, output, nodes, inits):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(t.name, TensorProto.INT8, t.shape)
         for t in inputs],
        [helper.make_tensor_value_info(output.name, TensorProto.INT8,
                                       output.shape)],
        initializer=inits)
    m = helper.make_model(graph, producer_name="mcunet genmodel",
                          opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    onnx.checker.check_model(m)
    return m


def chain_plan(channels):
    """A fixed architecture (--pointwise-chain): a stride-2 3x3 stem to
    channels[0] on a 10x10 input (5x5 = 25 pixels after it), then one 1x1
    convolution per further entry (a "dw" entry: a 3x3 stride-1 depthwise
    convolution), then global pooling and a classifier: 1x1 layers with
    chosen numbers of input channels, depthwise layers with chosen widths."""
    return {"cin": 3, "h": 10, "w": 10, "input_q": 0,
            "input_q_rand": (0.01, 0), "relu6_fixed": False,
            "steps": [("stem", channels[0], "sym", "relu6")] +
                     [("dw", "relu") if c == "dw" else ("last", c, "relu")
                      for c in channels[1:]] +
                     [("head", "gap", False, "flatten", 0, 10, False, False)]}


def generate(seed, out_dir, relu_below_zero=False, chain=None):
    rng = np.random.default_rng(seed)
    if chain:
        plan = chain_plan(chain)
    else:
        for _attempt in range(200):
            plan = sample_plan(rng)
            dry = Gen(np.random.default_rng(0), True)
            run_plan(dry, plan)
            if dry.macs <= MAX_MACS and len(dry.layers) <= MAX_LAYERS:
                break
        else:
            raise RuntimeError("seed %d: no architecture within budget" % seed)
    g = Gen(np.random.default_rng([seed, 1]), False)
    g.relu_below_zero = relu_below_zero
    out, qin, summary = run_plan(g, plan)

    os.makedirs(out_dir, exist_ok=True)
    model = make_model("genmodel_seed%d" % seed, [g.tensors["input"]],
                       g.tensors[out], g.nodes, list(g.inits.values()))
    onnx.save(model, os.path.join(out_dir, "model.onnx"))
    with open(os.path.join(out_dir, "input.bin"), "wb") as f:
        f.write(qin[0:1].tobytes())

    layers = []
    for L in g.layers:
        ins = [g.tensors[t] for t in L["inputs"]]
        qinits = []
        for t in L["inputs"]:
            qinits += [g.inits[t + "_scale"], g.inits[t + "_zp"]]
        sub = make_model(
            "sub_" + L["node"], ins, g.tensors[L["output"]],
            [Gen.dq_node(t) for t in L["inputs"]] + L["_nodes"],
            qinits + [g.inits[i] for i in L["_inits"]])
        onnx.save(sub, os.path.join(out_dir, L["sub_model"]))
        layers.append({k: v for k, v in L.items() if not k.startswith("_")})
    desc = {
        "seed": seed, "summary": summary, "macs": g.macs,
        "input": "input", "input_shape": g.tensors["input"].shape,
        "input_scale": float(g.tensors["input"].scale),
        "input_zero_point": int(g.tensors["input"].zp),
        "output": out, "output_shape": g.tensors[out].shape,
        "layers": layers,
    }
    with open(os.path.join(out_dir, "layers.json"), "w") as f:
        json.dump(desc, f, indent=1)
    return desc


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=0,
                    help="generate seeds seed..seed+count-1 into OUT/seed_<k>")
    ap.add_argument("--relu-below-zero", action="store_true",
                    help="calibrate ReLU outputs with a little range below 0 "
                         "(a zero point above -128: the fused ReLU clamps)")
    ap.add_argument("--pointwise-chain", metavar="C0,C1,...",
                    help="not a drawn architecture: a stem to C0 channels, "
                         "then 1x1 convolutions to C1, C2, ... (kernel tests "
                         "by number of input channels); an entry dw is a 3x3 "
                         "stride-1 depthwise convolution")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    chain = None
    if a.pointwise_chain:
        try:
            chain = [c if c == "dw" and i else int(c)
                     for i, c in enumerate(a.pointwise_chain.split(","))]
        except ValueError:
            chain = []
        if not chain or min(c for c in chain if c != "dw") < 1:
            ap.error("--pointwise-chain: %r is not a list of channel counts "
                     "or dw after the first (e.g. 4,68,dw,72)"
                     % a.pointwise_chain)
    if not a.count:
        d = generate(a.seed, a.out, a.relu_below_zero, chain)
        if a.verbose:
            print("seed %d: %d layers, %d MACs: %s" % (
                a.seed, len(d["layers"]), d["macs"], d["summary"]))
        return 0
    failed = 0
    for s in range(a.seed, a.seed + a.count):
        out = os.path.join(a.out, "seed_%d" % s)
        try:
            d = generate(s, out, a.relu_below_zero, chain)
        except Exception as e:  # keep going: the oracle reports the seed
            failed += 1
            os.makedirs(out, exist_ok=True)
            with open(os.path.join(out, "status"), "w") as f:
                msg = (str(e).splitlines() or [""])[0]
                f.write("generator error: %s: %s\n" % (type(e).__name__, msg))
            print("seed %d: generator error: %s" % (s, e), file=sys.stderr)
            continue
        if a.verbose:
            print("seed %d: %d layers, %d MACs: %s" % (
                s, len(d["layers"]), d["macs"], d["summary"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
