#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Random int8 te-dialect graphs, written directly as MLIR text, for the
memory-planning property test (scripts/memory-property.py, docs/Memory.md).

    gengraph.py --seed S [--first K] [--count N] [--out FILE]
    gengraph.py --seed S --mobilenet [--count N]

prints N modules (graphs K..K+N-1 of seed S), one function each, separated
by `// -----` so that one `mcunet-opt -split-input-file` call handles them
all. Graph k of seed S depends on (S, k) only, so any one graph can be
regenerated alone with --first k --count 1.

Every graph is int8 NHWC with tiny tensors (H, W in 1..12, C in 1..24; a
concat may reach 48 channels) so that its C runs in microseconds, and uses
only ops the C emitter prints: te.conv2d (1x1, 3x3; stride 1/2; symmetric
or bottom/right padding; per-axis weights, int32 bias with scale
s_in * s_w[c]), te.depthwise_conv2d (3x3, 5x5; stride 1/2; channel
multiplier 1, sometimes 2), te.add, te.mul (of two activations, of an
activation with itself, or with a constant per-channel vector), te.clamp,
te.quantize (i8 -> i8 requantize), te.avg_pool2d, te.max_pool2d,
te.global_avg_pool, te.concat (axis 3), te.reshape, te.fully_connected.
Some ops carry a fused activation range (act_min/act_max); some clamps
survive fusion (after a concat, a reshape or an argument).

The DAG shape of a graph, its *kind*, is one of

    chain         a straight line of layers
    residual      te.add of a block's output with its skip connection
    concat        two or three branches joined by te.concat on channels
    branch-add    two branches joined by te.add
    multi-output  several returned values, some also read by later layers
    multi-input   two function arguments, joined later or kept apart

and the body around the defining block is drawn from all of them, so most
graphs mix several patterns. About a third end in a classifier head
(global average pool or flatten, reshape, fully connected).

Activation scales are chosen so that typical accumulators map to about
+-40 quantization steps: the outputs are neither constant nor saturated,
so a buffer overwritten too early changes them.

With --mobilenet the graphs are MobileNetV2-style networks instead (a
stride-2 stem, inverted-bottleneck blocks with expansion, depthwise 3x3/5x5
and residual adds, a classifier head), at larger sizes (input 32x32 to
64x64); bench/memory-bench.py reports their arena sizes.

Everything is drawn from Python's `random.Random` seeded with the string
"S/k": the same arguments print the same text.
"""
import argparse
import math
import random
import sys

KINDS = ("chain", "residual", "concat", "branch-add", "multi-output",
         "multi-input")
MAX_HW = 12
MAX_C = 24
MAX_CONCAT_C = 48
# Typical magnitude, in quantization steps, of an activation around its
# zero point, and of a random int8 weight; the target output spread.
ACT_RMS = 60.0
WEIGHT_RMS = 73.0
OUT_RMS = 40.0


def fmt_float(x):
    """The shortest literal that reads back as x (MLIR wants a dot in the
    mantissa: 1.0e-05, not 1e-05)."""
    text = repr(float(x))
    mantissa, e, exponent = text.partition("e")
    return (mantissa if "." in mantissa else mantissa + ".0") + e + exponent


class Value:
    """An int8 activation: SSA name, NHWC (or [1, F]) shape, scale, zp."""

    def __init__(self, name, shape, scale, zp):
        self.name, self.shape = name, tuple(shape)
        self.scale, self.zp = scale, zp

    @property
    def type(self):
        dims = "x".join(str(d) for d in self.shape)
        return "tensor<%sx!quant.uniform<i8:f32, %s:%d>>" % (
            dims, fmt_float(self.scale), self.zp)


class Builder:
    """Writes one func.func of te ops; each method appends one layer (plus
    its constants) and returns the new Value."""

    def __init__(self, rng, name):
        self.rng = rng
        self.name = name
        self.lines = []
        self.args = []
        self.count = 0

    # -- helpers -------------------------------------------------------------
    def fresh(self):
        self.count += 1
        return "%%v%d" % self.count

    def emit(self, text):
        self.lines.append("  " + text)

    def arg(self, shape):
        v = Value("%%arg%d" % len(self.args), shape, self.out_scale(),
                  self.zp())
        self.args.append(v)
        return v

    def zp(self):
        """An activation zero point: Relu-like -128 sometimes, else near 0."""
        r = self.rng
        return -128 if r.random() < 0.2 else r.randint(-40, 40)

    def out_scale(self, typical=None):
        """A scale for a new activation whose real values have magnitude
        `typical` (random when None), rounded to 4 significant digits."""
        r = self.rng
        if typical is None:
            typical = 10 ** r.uniform(-1.0, 1.0)
        s = typical / OUT_RMS * math.exp(r.gauss(0.0, 0.25))
        return float("%.3e" % s)

    def act_attrs(self, out_zp):
        """Optional fused activation range (act_min/act_max) of a result."""
        r = self.rng
        u = r.random()
        if u < 0.6:
            return []
        if u < 0.85:  # Relu
            return ["act_min = %d : i64" % max(out_zp, -128)]
        lo = max(-128, out_zp - r.randint(0, 30))
        hi = min(127, out_zp + r.randint(10, 80))
        return ["act_max = %d : i64" % hi, "act_min = %d : i64" % lo]

    def weights(self, shape, axis, fan_in):
        """An int8 per-axis weight constant, scaled so that the layer keeps
        the activation scale about constant; returns (ssa, type, scales)."""
        r = self.rng
        n = math.prod(shape)
        data = bytes(b if b != 0x80 else 0x81 for b in r.randbytes(n))
        nch = shape[axis]
        base = (OUT_RMS / (ACT_RMS * WEIGHT_RMS * math.sqrt(fan_in))
                * math.exp(r.gauss(0.0, 0.5)))
        scales = [float("%.3e" % (base * math.exp(r.gauss(0.0, 0.3))))
                  for _ in range(nch)]
        dims = "x".join(str(d) for d in shape)
        qtype = "tensor<%sx!quant.uniform<i8:f32:%d, {%s}>>" % (
            dims, axis, ",".join(fmt_float(s) for s in scales))
        name = self.fresh()
        self.emit('%s = te.constant dense<"0x%s"> : tensor<%sxi8> -> %s'
                  % (name, data.hex().upper(), dims, qtype))
        return name, qtype, scales

    def bias(self, in_scale, w_scales):
        """An int32 bias with scale s_in * s_w[c] per output channel."""
        r = self.rng
        n = len(w_scales)
        vals = [r.randint(-2000, 2000) for _ in range(n)]
        qtype = "tensor<%dx!quant.uniform<i32:f32:0, {%s}>>" % (
            n, ",".join(fmt_float(in_scale * s) for s in w_scales))
        name = self.fresh()
        self.emit("%s = te.constant dense<[%s]> : tensor<%dxi32> -> %s"
                  % (name, ", ".join(map(str, vals)), n, qtype))
        return name, qtype

    @staticmethod
    def window_out(n, k, s, p0, p1):
        out = (n + p0 + p1 - k) // s + 1
        assert out >= 1, (n, k, s, p0, p1)
        return out

    def conv_like(self, x, op, cout, k, stride, pad):
        """te.conv2d (op "conv2d") or te.depthwise_conv2d ("depthwise")."""
        n, h, w, cin = x.shape
        oh = self.window_out(h, k, stride, pad[0], pad[2])
        ow = self.window_out(w, k, stride, pad[1], pad[3])
        if op == "conv2d":
            wshape, axis, fan_in = (cout, k, k, cin), 0, k * k * cin
        else:
            wshape, axis, fan_in = (k, k, cout), 2, k * k
        wname, wtype, ws = self.weights(wshape, axis, fan_in)
        bname, btype = self.bias(x.scale, ws)
        mean_ws = sum(ws) / len(ws)
        typical = x.scale * mean_ws * ACT_RMS * WEIGHT_RMS * math.sqrt(fan_in)
        y = Value(self.fresh(), (n, oh, ow, cout), self.out_scale(typical),
                  self.zp())
        attrs = ["pad = array<i64: %d, %d, %d, %d>" % tuple(pad),
                 "stride = array<i64: %d, %d>" % (stride, stride)]
        attrs += self.act_attrs(y.zp)
        self.emit("%s = te.%s %s, %s, %s {%s} : (%s, %s, %s) -> %s" % (
            y.name, op, x.name, wname, bname, ", ".join(attrs), x.type, wtype,
            btype, y.type))
        return y

    # -- layers --------------------------------------------------------------
    def conv(self, x, cout, k, stride, pad):
        return self.conv_like(x, "conv2d", cout, k, stride, pad)

    def depthwise(self, x, mult, k, stride, pad):
        return self.conv_like(x, "depthwise_conv2d", x.shape[3] * mult, k,
                              stride, pad)

    def pool(self, x, kind, k, stride, pad):
        r = self.rng
        n, h, w, c = x.shape
        oh = self.window_out(h, k, stride, pad[0], pad[2])
        ow = self.window_out(w, k, stride, pad[1], pad[3])
        if r.random() < 0.7:
            scale, zp = x.scale, x.zp
        else:
            scale, zp = self.out_scale(x.scale * ACT_RMS), self.zp()
        y = Value(self.fresh(), (n, oh, ow, c), scale, zp)
        attrs = ["kernel = array<i64: %d, %d>" % (k, k),
                 "pad = array<i64: %d, %d, %d, %d>" % tuple(pad),
                 "stride = array<i64: %d, %d>" % (stride, stride)]
        if kind == "avg" and r.random() < 0.3:
            attrs.append("count_include_pad = true")
        attrs += self.act_attrs(y.zp)
        self.emit("%s = te.%s_pool2d %s {%s} : %s -> %s" % (
            y.name, kind, x.name, ", ".join(attrs), x.type, y.type))
        return y

    def global_pool(self, x):
        n, _, _, c = x.shape
        y = Value(self.fresh(), (n, 1, 1, c),
                  self.out_scale(x.scale * ACT_RMS * 0.7), self.zp())
        self.emit("%s = te.global_avg_pool %s : %s -> %s" % (
            y.name, x.name, x.type, y.type))
        return y

    def binary(self, op, a, b):
        """te.add or te.mul of two activations (b may be a, or broadcast)."""
        rank = max(len(a.shape), len(b.shape))
        shape = tuple(max(d) for d in zip(
            *((1,) * (rank - len(v.shape)) + v.shape for v in (a, b))))
        if op == "add":
            typical = (a.scale + b.scale) * ACT_RMS
        else:
            typical = a.scale * b.scale * ACT_RMS * ACT_RMS
        y = Value(self.fresh(), shape, self.out_scale(typical), self.zp())
        attrs = self.act_attrs(y.zp)
        attr_text = " {%s}" % ", ".join(attrs) if attrs else ""
        self.emit("%s = te.%s %s, %s%s : (%s, %s) -> %s" % (
            y.name, op, a.name, b.name, attr_text, a.type, b.type, y.type))
        return y

    def channel_constant(self, c):
        """A constant int8 per-channel vector (te.mul's broadcast operand)."""
        r = self.rng
        scale = float("%.3e" % (10 ** r.uniform(-2.5, -1.5)))
        v = Value(self.fresh(), (c,), scale, r.randint(-20, 20))
        vals = [r.randint(-128, 127) for _ in range(c)]
        self.emit("%s = te.constant dense<[%s]> : tensor<%dxi8> -> %s" % (
            v.name, ", ".join(map(str, vals)), c, v.type))
        return v

    def clamp(self, x):
        r = self.rng
        qlo = max(-128, x.zp - r.randint(0, 40))
        qhi = min(127, x.zp + r.randint(5, 80))
        lo, hi = (qlo - x.zp) * x.scale, (qhi - x.zp) * x.scale
        y = Value(self.fresh(), x.shape, x.scale, x.zp)
        self.emit("%s = te.clamp %s {min = %s : f64, max = %s : f64} : "
                  "%s -> %s" % (y.name, x.name, fmt_float(lo), fmt_float(hi),
                                x.type, y.type))
        return y

    def quantize(self, x):
        r = self.rng
        y = Value(self.fresh(), x.shape,
                  float("%.3e" % (x.scale * r.uniform(0.5, 2.0))), self.zp())
        self.emit("%s = te.quantize %s : %s -> %s" % (
            y.name, x.name, x.type, y.type))
        return y

    def reshape(self, x, shape):
        y = Value(self.fresh(), shape, x.scale, x.zp)
        self.emit("%s = te.reshape %s : %s -> %s" % (
            y.name, x.name, x.type, y.type))
        return y

    def concat(self, xs):
        r = self.rng
        n, h, w, _ = xs[0].shape
        c = sum(x.shape[3] for x in xs)
        if r.random() < 0.4:
            scale, zp = xs[0].scale, xs[0].zp
        else:
            scale = self.out_scale(max(x.scale for x in xs) * ACT_RMS)
            zp = self.zp()
        y = Value(self.fresh(), (n, h, w, c), scale, zp)
        self.emit("%s = te.concat %s {axis = 3 : i64} : (%s) -> %s" % (
            y.name, ", ".join(x.name for x in xs),
            ", ".join(x.type for x in xs), y.type))
        return y

    def fully_connected(self, x, nout):
        _, f = x.shape
        wname, wtype, ws = self.weights((nout, f), 0, f)
        bname, btype = self.bias(x.scale, ws)
        typical = (x.scale * (sum(ws) / len(ws)) * ACT_RMS * WEIGHT_RMS
                   * math.sqrt(f))
        y = Value(self.fresh(), (1, nout), self.out_scale(typical), self.zp())
        attrs = self.act_attrs(y.zp)
        attr_text = " {%s}" % ", ".join(attrs) if attrs else ""
        self.emit("%s = te.fully_connected %s, %s, %s%s : (%s, %s, %s) -> %s"
                  % (y.name, x.name, wname, bname, attr_text, x.type, wtype,
                     btype, y.type))
        return y

    def text(self, results):
        args = ", ".join("%s: %s" % (a.name, a.type) for a in self.args)
        rtypes = ", ".join(v.type for v in results)
        if len(results) > 1:
            rtypes = "(%s)" % rtypes
        body = "\n".join(self.lines)
        return ("func.func @%s(%s) -> %s {\n%s\n  return %s : %s\n}\n" % (
            self.name, args, rtypes, body,
            ", ".join(v.name for v in results),
            ", ".join(v.type for v in results)))


class GraphGen:
    """Draws the layers and the DAG of one random graph into a Builder."""

    def __init__(self, rng, builder):
        self.rng, self.b = rng, builder

    # -- single layers by spatial effect --------------------------------------
    def channels(self):
        return self.rng.randint(1, MAX_C)

    def same_layer(self, x):
        """A layer that keeps H and W (channels may change)."""
        r, b = self.rng, self.b
        c = x.shape[3]
        choice = r.choices(
            ["conv1", "conv3", "dw3", "dw5", "clamp", "quantize", "maxpool",
             "avgpool", "pool2", "mulc", "square", "self_add"],
            [14, 10, 14, 6, 8, 6, 4, 4, 3, 4, 2, 2])[0]
        if choice == "conv1":
            return b.conv(x, self.channels(), 1, 1, (0, 0, 0, 0))
        if choice == "conv3":
            return b.conv(x, self.channels(), 3, 1, (1, 1, 1, 1))
        if choice in ("dw3", "dw5"):
            k = 3 if choice == "dw3" else 5
            mult = 2 if r.random() < 0.15 and 2 * c <= MAX_C else 1
            return b.depthwise(x, mult, k, 1, (k // 2,) * 4)
        if choice == "clamp":
            return b.clamp(x)
        if choice == "quantize":
            return b.quantize(x)
        if choice in ("maxpool", "avgpool"):
            return b.pool(x, choice[:3], 3, 1, (1, 1, 1, 1))
        if choice == "pool2":
            return b.pool(x, r.choice(["avg", "max"]), 2, 1, (0, 0, 1, 1))
        if choice == "mulc":
            return b.binary("mul", x, b.channel_constant(c))
        if choice == "square":
            return b.binary("mul", x, x)
        return b.binary("add", x, x)

    def down_layer(self, x):
        """A layer giving ceil(H/2) x ceil(W/2)."""
        r, b = self.rng, self.b
        c = x.shape[3]
        choice = r.choice(["conv3", "conv1", "dw3", "dw5", "maxpool",
                           "avgpool3", "avgpool2"])
        if choice == "conv3":
            return b.conv(x, self.channels(), 3, 2, (1, 1, 1, 1))
        if choice == "conv1":
            return b.conv(x, self.channels(), 1, 2, (0, 0, 0, 0))
        if choice in ("dw3", "dw5"):
            k = 3 if choice == "dw3" else 5
            mult = 2 if r.random() < 0.15 and 2 * c <= MAX_C else 1
            return b.depthwise(x, mult, k, 2, (k // 2,) * 4)
        if choice == "maxpool":
            return b.pool(x, "max", 3, 2, (1, 1, 1, 1))
        if choice == "avgpool3":
            return b.pool(x, "avg", 3, 2, (1, 1, 1, 1))
        return b.pool(x, "avg", 2, 2, (0, 0, 1, 1))

    def free_layer(self, x):
        """Any layer: also valid convolutions that shrink and reshapes."""
        r, b = self.rng, self.b
        n, h, w, c = x.shape
        u = r.random()
        if u < 0.1 and h != w:
            return b.reshape(x, (n, w, h, c))
        if u < 0.15 and h * w <= MAX_HW:
            return b.reshape(x, (n, 1, h * w, c))
        if u < 0.25 and h >= 3 and w >= 3:
            if r.random() < 0.5:
                return b.conv(x, self.channels(), 3, 1, (0, 0, 0, 0))
            return b.depthwise(x, 1, 3, 1, (0, 0, 0, 0))
        if u < 0.4:
            return self.down_layer(x)
        return self.same_layer(x)

    def chain(self, x, n, downs=0, free=False):
        """max(n, downs) layers, `downs` of them stride-2 ones; the others
        keep H and W, or are any layer when `free`."""
        slots = set(self.rng.sample(range(max(n, downs)), downs))
        for i in range(max(n, downs)):
            if i in slots:
                x = self.down_layer(x)
            elif free:
                x = self.free_layer(x)
            else:
                x = self.same_layer(x)
        return x

    def to_channels(self, x, c):
        """x with c channels (a 1x1 convolution when it has not)."""
        return x if x.shape[3] == c else self.b.conv(x, c, 1, 1, (0, 0, 0, 0))

    # -- blocks --------------------------------------------------------------
    def residual(self, x):
        y = self.chain(x, self.rng.randint(1, 3))
        y = self.to_channels(y, x.shape[3])
        a, b = (x, y) if self.rng.random() < 0.5 else (y, x)
        return self.b.binary("add", a, b)

    def concat(self, x):
        r = self.rng
        downs = 1 if r.random() < 0.3 else 0
        branches = [self.chain(x, r.randint(downs, 2), downs)
                    for _ in range(r.choice([2, 2, 3]))]
        if r.random() < 0.2 and downs == 0:
            branches[0] = x  # the block input itself as one branch
        if sum(v.shape[3] for v in branches) > MAX_CONCAT_C:
            branches = [self.to_channels(v, max(1, MAX_CONCAT_C // 3))
                        for v in branches]
        return self.b.concat(branches)

    def branch_add(self, x):
        r = self.rng
        downs = 1 if r.random() < 0.3 else 0
        c = self.channels()
        a, b = (self.to_channels(
            self.chain(x, r.randint(max(downs, 1), 2), downs), c)
            for _ in range(2))
        return self.b.binary(r.choice(["add", "add", "mul"]), a, b)

    def block(self, x, kind):
        if kind == "residual":
            return self.residual(x)
        if kind == "concat":
            return self.concat(x)
        if kind == "branch-add":
            return self.branch_add(x)
        return self.chain(x, self.rng.randint(1, 3), free=True)

    def head(self, x):
        """Global pool or flatten, reshape, fully connected."""
        r, b = self.rng, self.b
        n, h, w, c = x.shape
        if h * w * c > 64 or r.random() < 0.6:
            x = b.global_pool(x)
            if r.random() < 0.3:
                x = b.clamp(x)
        f = x.shape[1] * x.shape[2] * x.shape[3]
        x = b.reshape(x, (1, f))
        x = b.fully_connected(x, r.randint(1, 12))
        if r.random() < 0.3:
            x = b.fully_connected(x, r.randint(1, 12))
        return x

    # -- the graph -----------------------------------------------------------
    def input_shape(self):
        r = self.rng
        h = r.randint(1, MAX_HW)
        w = h if r.random() < 0.5 else r.randint(1, MAX_HW)
        return (1, h, w, r.randint(1, MAX_C))

    def graph(self, kind):
        r, b = self.rng, self.b
        x = b.arg(self.input_shape())
        if r.random() < 0.15:  # a clamp or reshape of the argument itself
            x = b.clamp(x) if r.random() < 0.5 else b.reshape(
                x, (1, x.shape[2], x.shape[1], x.shape[3]))
        outputs = []
        other = None
        if kind == "multi-input":
            other = b.arg(self.input_shape())
        kinds = ["chain", "residual", "concat", "branch-add"]
        blocks = [kind if kind in kinds else r.choice(kinds)]
        blocks += [r.choice(kinds) for _ in range(r.randint(0, 2))]
        r.shuffle(blocks)
        for i, k in enumerate(blocks):
            x = self.block(x, k)
            if other is not None and i == 0 and r.random() < 0.6:
                x = self.join(x, other)
                other = None
            if kind == "multi-output" and r.random() < 0.5:
                outputs.append(x)
        if other is not None:
            outputs.append(self.chain(other, r.randint(1, 2), free=True))
        if r.random() < 0.35:
            x = self.head(x)
        elif kind == "multi-output" or r.random() < 0.2:
            outputs.append(self.chain(x, 1))
        outputs.append(x)
        if kind == "multi-output" and len(outputs) < 2:
            outputs.insert(0, b.global_pool(x) if len(x.shape) == 4 else
                           b.quantize(x))
        return outputs

    def join(self, x, other):
        """Joins the second input to x: a reshape to x's H and W then a
        concat or an add when the sizes allow, else a broadcast add of its
        globally pooled channels."""
        r, b = self.rng, self.b
        _, h, w, c = x.shape
        size = math.prod(other.shape)
        if size % (h * w) == 0 and size // (h * w) <= MAX_C:
            o = other
            if o.shape[1:3] != (h, w):
                o = b.reshape(o, (1, h, w, size // (h * w)))
            if r.random() < 0.5 and o.shape[3] + c <= MAX_CONCAT_C:
                return b.concat([x, o])
            return b.binary("add", x, self.to_channels(o, c))
        o = self.to_channels(b.global_pool(other), c)
        return b.binary("add", x, o) if r.random() < 0.5 else b.binary(
            "add", o, x)


class MobileNetGen:
    """MobileNetV2-style networks: stem, inverted bottlenecks, head."""

    def __init__(self, rng, builder):
        self.rng, self.b = rng, builder

    def graph(self):
        r, b = self.rng, self.b
        size = r.choice([32, 40, 48, 64])
        x = b.arg((1, size, size, 3))
        c = r.choice([8, 12, 16])
        x = b.conv(x, c, 3, 2, (1, 1, 1, 1))
        for stage, (cout, n, stride) in enumerate(
                [(c, 1, 1), (int(c * 1.5), 2, 2), (2 * c, 3, 2),
                 (4 * c, 2, 2), (6 * c, 2, 1)]):
            for i in range(n):
                x = self.bottleneck(x, cout, stride if i == 0 else 1,
                                    1 if stage == 0 else r.choice([3, 4, 6]),
                                    r.choice([3, 5]))
        x = b.conv(x, 8 * c, 1, 1, (0, 0, 0, 0))
        x = b.global_pool(x)
        x = b.reshape(x, (1, x.shape[3]))
        return [b.fully_connected(x, 10)]

    def bottleneck(self, x, cout, stride, expand, k):
        b = self.b
        cin = x.shape[3]
        y = x
        if expand > 1:
            y = b.conv(y, cin * expand, 1, 1, (0, 0, 0, 0))
        y = b.depthwise(y, 1, k, stride, (k // 2,) * 4)
        y = b.conv(y, cout, 1, 1, (0, 0, 0, 0))
        if stride == 1 and cin == cout:
            y = b.binary("add", x, y)
        return y


def generate(seed, index, mobilenet=False):
    """Graph `index` of `seed`: returns (kind, MLIR text of one module)."""
    rng = random.Random("%d/%d" % (seed, index))
    name = "g%d_%d" % (seed, index)
    b = Builder(rng, name)
    if mobilenet:
        kind = "mobilenet"
        results = MobileNetGen(rng, b).graph()
    else:
        kind = KINDS[index % len(KINDS)]
        results = GraphGen(rng, b).graph(kind)
    header = "// graph %d of seed %d: %s\n" % (index, seed, kind)
    return kind, header + "module {\n" + b.text(results) + "}\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True, help="the seed S")
    ap.add_argument("--first", type=int, default=0,
                    help="index of the first graph (default 0)")
    ap.add_argument("--count", type=int, default=1,
                    help="how many graphs (default 1)")
    ap.add_argument("--mobilenet", action="store_true",
                    help="MobileNetV2-style networks instead")
    ap.add_argument("--out", help="write here instead of stdout")
    args = ap.parse_args(argv)
    text = "// -----\n".join(
        generate(args.seed, k, args.mobilenet)[1]
        for k in range(args.first, args.first + args.count))
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
