//===- ConvOps.cpp - Conv, Gemm, MatMul, QLinear*, BatchNormalization -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Ops with weights. Weights are converted once to the te layouts (OHWI for
// conv2d, [kh, kw, C] for depthwise, [out, in] for fully_connected); int8
// weights keep their data, float weights are dequantized when the op runs in
// float.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::onnx_import;

namespace mcunet::onnx_import {

/// Reads a constant weight entry (DQ of int8, or float), permuting its data
/// by `perm` into te layout `shape`. `axisAfter` is the te dimension of the
/// output channels, `onnxAxis` the ONNX one.
LogicalResult readWeights(Importer &imp, const onnx::NodeProto &node, Entry &w,
                          ArrayRef<int64_t> perm, ArrayRef<int64_t> shape,
                          int64_t onnxAxis, Weights &out) {
  const ConstTensor &c = *w.cst;
  out.shape = shape.vec();
  int64_t channels = c.dims[onnxAxis];
  if (w.dq) {
    const QParams &p = *w.dq;
    if (p.dtype != onnx::TensorProto::INT8 &&
        p.dtype != onnx::TensorProto::UINT8)
      return imp.error(node)
                 << "weights '" << node.input(1)
                 << "' must be INT8 (or UINT8), got " << dataTypeName(p.dtype),
             failure();
    if (p.axis >= 0 && p.axis != onnxAxis)
      return imp.error(node)
                 << "weights '" << node.input(1)
                 << "' are quantized along axis " << p.axis
                 << "; expected the output-channel axis " << onnxAxis,
             failure();
    int64_t shift = p.dtype == onnx::TensorProto::UINT8 ? 128 : 0;
    for (int64_t z : p.zeroPoints)
      if (z - shift != 0)
        return imp.error(node)
                   << "weights '" << node.input(1)
                   << "' must be symmetric (zero point 0 for INT8, 128 for "
                      "UINT8), got zero point "
                   << z,
               failure();
    std::vector<int64_t> data = c.i;
    for (int64_t &v : data)
      v -= shift;
    out.quantized = true;
    out.scales = p.scales;
    if (p.axis < 0)
      out.scales.assign(1, p.scales[0]);
    else if (static_cast<int64_t>(p.scales.size()) != channels)
      return imp.error(node)
                 << "weights '" << node.input(1) << "' have " << channels
                 << " output channels but " << p.scales.size() << " scales",
             failure();
    // Real values in ONNX layout, then permute both.
    int64_t inner = 1;
    for (size_t d = onnxAxis + 1; d < c.dims.size(); ++d)
      inner *= c.dims[d];
    std::vector<double> real(data.size());
    for (size_t k = 0; k < data.size(); ++k) {
      int64_t ch = (static_cast<int64_t>(k) / inner) % channels;
      real[k] = double(data[k]) * out.scales[out.scales.size() == 1 ? 0 : ch];
    }
    out.q = transposeData(data, c.dims, perm);
    out.f = transposeData(real, c.dims, perm);
    return success();
  }
  if (!c.isFloat())
    return imp.error(node) << "weights '" << node.input(1)
                           << "' are integer without a DequantizeLinear",
           failure();
  out.f = transposeData(c.f, c.dims, perm);
  return success();
}

bool isPerChannelShape(ArrayRef<int64_t> dims, int64_t channels) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n == 1 || (!dims.empty() && dims.back() == channels && n == channels);
}

/// Bias values in real terms (from a DQ'd int32 or a float constant).
LogicalResult readBias(Importer &imp, const onnx::NodeProto &node, Entry *b,
                       int64_t channels, std::vector<double> &real,
                       std::vector<int64_t> *ints,
                       std::vector<double> *intScales) {
  real.assign(channels, 0.0);
  if (!b)
    return success();
  if (!b->isConst())
    return imp.error(node) << "the bias must be a constant", failure();
  const ConstTensor &c = *b->cst;
  int64_t n = c.numElements();
  if (n != channels && n != 1)
    return imp.error(node) << "the bias has " << n << " values for " << channels
                           << " channels",
           failure();
  if (!isPerChannelShape(c.dims, channels)) {
    auto diag = imp.error(node) << "the bias has shape [";
    llvm::interleave(c.dims, diag, ", ");
    return diag << "]; only one value per output channel ([" << channels
                << "] or [1, " << channels << "]) is supported",
           failure();
  }
  for (int64_t k = 0; k < channels; ++k) {
    int64_t src = n == 1 ? 0 : k;
    double v = c.at(src);
    if (b->dq) {
      const QParams &p = *b->dq;
      size_t ch = p.scales.size() == 1 ? 0 : src;
      v = (v - double(p.zeroPoints[ch])) * p.scales[ch];
      if (ints && p.dtype == onnx::TensorProto::INT32 &&
          p.zeroPoints[ch] == 0) {
        ints->push_back(c.i[src]);
        intScales->push_back(p.scales[ch]);
      }
    }
    real[k] = v;
  }
  if (ints && ints->size() != static_cast<size_t>(channels))
    ints->clear();
  return success();
}

/// Quantized bias data with scales s_in * s_w[c]: the model's int32 values
/// where its scales agree, else the real values requantized.
std::vector<int64_t> quantizeBias(ArrayRef<double> real, ArrayRef<int64_t> ints,
                                  ArrayRef<double> intScales,
                                  ArrayRef<double> biasScales) {
  std::vector<int64_t> out(real.size());
  for (size_t c = 0; c < real.size(); ++c) {
    double s = biasScales[c];
    if (!ints.empty() &&
        std::fabs(intScales[c] - s) <= 1e-5 * std::max(intScales[c], s)) {
      out[c] = ints[c];
      continue;
    }
    double q = std::nearbyint(real[c] / s);
    q = std::min<double>(
        std::max<double>(q, std::numeric_limits<int32_t>::min()),
        std::numeric_limits<int32_t>::max());
    out[c] = static_cast<int64_t>(q);
  }
  return out;
}

/// Per-axis (or per-tensor) i8 weight type along te dimension `axis`.
Type weightType(OpBuilder &b, ArrayRef<double> scales, int32_t axis) {
  auto i8 = b.getIntegerType(8);
  auto f32 = b.getF32Type();
  if (scales.size() == 1)
    return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed,
                                            i8, f32, scales[0], 0, -128, 127);
  SmallVector<int64_t> zps(scales.size(), 0);
  return quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, i8, f32, scales, zps, axis, -128, 127);
}

/// i32 bias type with the given scales.
Type biasType(OpBuilder &b, ArrayRef<double> scales) {
  auto i32 = b.getIntegerType(32);
  auto f32 = b.getF32Type();
  int64_t lo = std::numeric_limits<int32_t>::min();
  int64_t hi = std::numeric_limits<int32_t>::max();
  if (scales.size() == 1)
    return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed,
                                            i32, f32, scales[0], 0, lo, hi);
  SmallVector<int64_t> zps(scales.size(), 0);
  return quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, i32, f32, scales, zps, 0, lo, hi);
}

/// ONNX pads ([top, left, bottom, right]) from pads or auto_pad.
std::optional<std::vector<int64_t>>
windowPads(Importer &imp, const onnx::NodeProto &node, ArrayRef<int64_t> inHW,
           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
           ArrayRef<int64_t> dilations) {
  std::string autoPad = getString(node, "auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    std::vector<int64_t> pads = getInts(node, "pads", {0, 0, 0, 0});
    if (pads.size() != 4) {
      imp.error(node) << "pads must have 4 entries for a 2-D window";
      return std::nullopt;
    }
    for (int64_t p : pads)
      if (p < 0) {
        imp.error(node) << "negative pads are not supported";
        return std::nullopt;
      }
    return pads;
  }
  if (autoPad == "VALID")
    return std::vector<int64_t>{0, 0, 0, 0};
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER") {
    imp.error(node) << "unknown auto_pad '" << autoPad
                    << "' (supported: NOTSET, SAME_UPPER, SAME_LOWER, VALID)";
    return std::nullopt;
  }
  std::vector<int64_t> pads(4);
  for (int i = 0; i < 2; ++i) {
    int64_t out = (inHW[i] + strides[i] - 1) / strides[i];
    int64_t eff = dilations[i] * (kernel[i] - 1) + 1;
    int64_t total =
        std::max<int64_t>(0, (out - 1) * strides[i] + eff - inHW[i]);
    int64_t small = total / 2, large = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : large;
    pads[i + 2] = autoPad == "SAME_UPPER" ? large : small;
  }
  return pads;
}

} // namespace mcunet::onnx_import

Value Importer::quantConstant(Location l, ArrayRef<int64_t> shape,
                              ArrayRef<int64_t> data, Type elt) {
  auto q = cast<quant::QuantizedType>(elt);
  auto storageType = RankedTensorType::get(shape, q.getStorageType());
  DenseElementsAttr attr;
  if (q.getStorageTypeIntegralWidth() == 8) {
    std::vector<int8_t> v(data.begin(), data.end());
    attr = DenseElementsAttr::get(storageType, ArrayRef<int8_t>(v));
  } else {
    std::vector<int32_t> v(data.begin(), data.end());
    attr = DenseElementsAttr::get(storageType, ArrayRef<int32_t>(v));
  }
  return te::ConstantOp::create(builder, l, RankedTensorType::get(shape, elt),
                                attr);
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

/// Shared by Conv and its BatchNormalization fold: emits the te conv.
static LogicalResult emitConv(Importer &imp, const onnx::NodeProto &node,
                              Entry &x, Entry &w, Entry *biasEntry,
                              const onnx::NodeProto *bn,
                              std::optional<QuantTail> tail) {
  OpBuilder &b = imp.builder;
  Location l = imp.loc(node);
  if (x.dims.size() != 4 || w.cst->dims.size() != 4)
    return imp.error(node) << "only 2-D convolutions (rank-4 input and "
                              "weights) are supported, got input rank "
                           << x.dims.size(),
           failure();
  ArrayRef<int64_t> wd = w.cst->dims; // [O, I/g, KH, KW]
  int64_t cin = x.dims[1], cout = wd[0];
  int64_t group = getInt(node, "group", 1);
  if (group < 1 || cin % group != 0 || cout % group != 0 ||
      wd[1] * group != cin)
    return imp.error(node) << "group " << group << " does not divide " << cin
                           << " input and " << cout
                           << " output channels consistently with weights",
           failure();
  std::vector<int64_t> strides = getInts(node, "strides", {1, 1});
  std::vector<int64_t> dilations = getInts(node, "dilations", {1, 1});
  std::vector<int64_t> kernel = {wd[2], wd[3]};
  if (strides.size() != 2 || dilations.size() != 2)
    return imp.error(node) << "strides and dilations must have 2 entries",
           failure();
  auto pads =
      windowPads(imp, node, {x.dims[2], x.dims[3]}, kernel, strides, dilations);
  if (!pads)
    return failure();

  bool depthwise = group > 1 && group == cin;
  Weights wt;
  if (depthwise) {
    // [O, 1, KH, KW] -> [KH, KW, 1, O] -> [KH, KW, O].
    if (failed(readWeights(imp, node, w, {2, 3, 1, 0}, {wd[2], wd[3], cout}, 0,
                           wt)))
      return failure();
  } else {
    if (failed(readWeights(imp, node, w, {0, 2, 3, 1},
                           {wd[0], wd[2], wd[3], wd[1]}, 0, wt)))
      return failure();
  }

  std::vector<double> bias;
  std::vector<int64_t> biasInts;
  std::vector<double> biasIntScales;
  if (failed(readBias(imp, node, biasEntry, cout, bias, &biasInts,
                      &biasIntScales)))
    return failure();
  bool hasBias = biasEntry != nullptr;

  // Output dims: the tail's, or the node's own.
  std::string outName = bn ? bn->output(0) : node.output(0);
  auto outDims = imp.inferredDims(bn ? *bn : node, outName);
  if (!outDims)
    return failure();

  auto strideAttr = b.getDenseI64ArrayAttr(strides);
  auto padAttr = b.getDenseI64ArrayAttr(*pads);
  auto dilAttr = b.getDenseI64ArrayAttr(dilations);
  // te.depthwise_conv2d when group == C_in, else te.conv2d with groups.
  auto createConv = [&](Type outType, Value in, Value weight,
                        Value bias) -> Value {
    if (depthwise)
      return te::DepthwiseConv2DOp::create(b, l, outType, in, weight, bias,
                                           strideAttr, padAttr, dilAttr,
                                           nullptr, nullptr);
    return te::Conv2DOp::create(b, l, outType, in, weight, bias, strideAttr,
                                padAttr, dilAttr, b.getI64IntegerAttr(group),
                                nullptr, nullptr);
  };

  if (!tail && !bn && Importer::isQuantized(x) && wt.quantized)
    tail = imp.findQuantTail(node);

  if (tail) {
    Value in = Importer::quantizedValue(x);
    auto inQ = cast<quant::UniformQuantizedType>(
        cast<RankedTensorType>(in.getType()).getElementType());
    Type outElt = imp.activationType(*tail->quantize, tail->params);
    if (!outElt)
      return failure();
    int32_t axis = depthwise ? 2 : 0;
    Type wElt = weightType(b, wt.scales, axis);
    Value weight = imp.quantConstant(l, wt.shape, wt.q, wElt);
    Value biasV;
    if (hasBias) {
      std::vector<double> bs(wt.scales.size());
      for (size_t c = 0; c < bs.size(); ++c)
        bs[c] = inQ.getScale() * wt.scales[c];
      std::vector<double> perChannel(cout);
      for (int64_t c = 0; c < cout; ++c)
        perChannel[c] = bs[bs.size() == 1 ? 0 : c];
      std::vector<int64_t> bq =
          quantizeBias(bias, biasInts, biasIntScales, perChannel);
      biasV = imp.quantConstant(l, {cout}, bq, biasType(b, bs));
    }
    Value result =
        createConv(imp.tensorType(*outDims, outElt), in, weight, biasV);
    imp.finishQuantized(node, result, *tail);
    return success();
  }

  // Float convolution, with a BatchNormalization folded in.
  if (bn) {
    const ConstTensor *scale = imp.constInput(*bn, 1);
    const ConstTensor *shift = imp.constInput(*bn, 2);
    const ConstTensor *mean = imp.constInput(*bn, 3);
    const ConstTensor *var = imp.constInput(*bn, 4);
    if (!scale || !shift || !mean || !var)
      return failure();
    double eps = getFloat(*bn, "epsilon", 1e-5f);
    for (const ConstTensor *t : {scale, shift, mean, var})
      if (t->numElements() != cout)
        return imp.error(*bn) << "scale, B, mean and var must have " << cout
                              << " entries (one per channel)",
               failure();
    int64_t inner = wt.f.size() / cout;
    for (int64_t c = 0; c < cout; ++c) {
      double f = scale->at(c) / std::sqrt(var->at(c) + eps);
      bias[c] = (bias[c] - mean->at(c)) * f + shift->at(c);
      // Output channel is dim 0 (OHWI) or the last dim ([KH, KW, O]).
      for (int64_t k = 0; k < inner; ++k) {
        int64_t idx = depthwise ? k * cout + c : c * inner + k;
        wt.f[idx] *= f;
      }
    }
    hasBias = true;
  }
  Value in = imp.floatValue(node, x);
  std::vector<float> wf(wt.f.begin(), wt.f.end());
  Value weight = imp.floatConstant(l, wt.shape, wf);
  Value biasV;
  if (hasBias) {
    std::vector<float> bf(bias.begin(), bias.end());
    biasV = imp.floatConstant(l, {cout}, bf);
  }
  Value result =
      createConv(imp.tensorType(*outDims, b.getF32Type()), in, weight, biasV);
  Entry e;
  e.value = result;
  e.dims = *outDims;
  if (bn) {
    imp.handled.insert(bn);
    imp.bind(*bn, 0, std::move(e));
  } else {
    imp.bind(node, 0, std::move(e));
  }
  return success();
}

LogicalResult Importer::importConv(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  Entry *w = input(node, 1);
  if (!x || !w)
    return failure();
  if (!w->isConst())
    return error(node) << "weights '" << node.input(1)
                       << "' must be constant (an initializer, optionally "
                          "through DequantizeLinear)",
           failure();
  if (x->isConst())
    return error(node) << "input '" << node.input(0)
                       << "' is a constant; convolutions of constant data are "
                          "not supported",
           failure();
  // Fold a following BatchNormalization into a float convolution.
  const onnx::NodeProto *bn = nullptr;
  if (!isQuantized(*x) || !w->dq) {
    auto it = consumers.find(node.output(0));
    if (it != consumers.end() && it->second.size() == 1 &&
        it->second[0]->op_type() == "BatchNormalization" &&
        !graphOutputs.contains(node.output(0))) {
      const onnx::NodeProto *cand = it->second[0];
      bool allConst = cand->input_size() == 5;
      for (int k = 1; k < cand->input_size() && allConst; ++k) {
        auto e = entries.find(cand->input(k));
        allConst = e != entries.end() && e->second.isConst() && !e->second.dq;
      }
      // Training mode (batch statistics, running-statistics outputs) is
      // rejected by importBatchNorm.
      if (allConst && cand->output_size() == 1 &&
          getInt(*cand, "training_mode", 0) == 0)
        bn = cand;
    }
  }
  Entry *bias = input(node, 2, /*optional=*/true);
  if (node.input_size() > 2 && !node.input(2).empty() && !bias)
    return failure();
  return emitConv(*this, node, *x, *w, bias, bn, std::nullopt);
}

/// Reads the (scale, zero point) pair at inputs `s`, `s + 1` of a QLinear*
/// node through a synthetic DequantizeLinear, so the checks are shared.
std::optional<QParams>
mcunet::onnx_import::qlinearParams(Importer &imp, const onnx::NodeProto &node,
                                   int s, int64_t rank, int64_t axis) {
  onnx::NodeProto fake;
  fake.set_name(node.name());
  fake.set_op_type(node.op_type());
  fake.add_output(node.output(0));
  fake.add_input(node.input(0));
  fake.add_input(node.input(s));
  fake.add_input(node.input(s + 1));
  auto *a = fake.add_attribute();
  a->set_name("axis");
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(axis);
  return imp.readQParams(fake, rank);
}

/// Checks that x's declared parameters are those of its int8 value and
/// returns the DQ view of it.
std::optional<Entry>
mcunet::onnx_import::qlinearInput(Importer &imp, const onnx::NodeProto &node,
                                  int idx) {
  Entry *x = imp.input(node, idx);
  if (!x)
    return std::nullopt;
  if (!x->value || !te::getQuantizedElementType(x->value.getType()) ||
      x->quantSource) {
    imp.error(node) << "input '" << node.input(idx)
                    << "' must be a quantized int8 tensor";
    return std::nullopt;
  }
  auto p = qlinearParams(imp, node, idx + 1, x->dims.size(), 1);
  if (!p)
    return std::nullopt;
  Type elt = imp.activationType(node, *p);
  if (!elt)
    return std::nullopt;
  Type have = cast<RankedTensorType>(x->value.getType()).getElementType();
  if (elt != have) {
    imp.error(node) << "inconsistent quantization: the scale and zero point "
                       "of input '"
                    << node.input(idx) << "' here (" << elt
                    << ") differ from those it was quantized with (" << have
                    << ")";
    return std::nullopt;
  }
  Entry view;
  view.quantSource = x->value;
  view.dims = x->dims;
  return view;
}

/// The weights of a QLinear* node as a DQ'd constant entry.
std::optional<Entry>
mcunet::onnx_import::qlinearWeights(Importer &imp, const onnx::NodeProto &node,
                                    int idx, int64_t axis) {
  Entry *w = imp.input(node, idx);
  if (!w)
    return std::nullopt;
  if (!w->isConst() || w->dq || w->cst->isFloat()) {
    imp.error(node) << "weights '" << node.input(idx)
                    << "' must be an integer constant";
    return std::nullopt;
  }
  auto p = qlinearParams(imp, node, idx + 1, w->cst->dims.size(), axis);
  if (!p)
    return std::nullopt;
  Entry e = *w;
  e.dq = *p;
  return e;
}

/// The int32 bias of a QLinear* node (scale x_scale * w_scale[c]).
std::optional<Entry>
mcunet::onnx_import::qlinearBias(Importer &imp, const onnx::NodeProto &node,
                                 int idx, const QParams &xp,
                                 const QParams &wp) {
  Entry *b = imp.input(node, idx, /*optional=*/true);
  if (!b)
    return Entry();
  if (!b->isConst() || b->dq || b->cst->dtype != onnx::TensorProto::INT32) {
    imp.error(node) << "bias '" << node.input(idx)
                    << "' must be an INT32 constant";
    return std::nullopt;
  }
  Entry e = *b;
  QParams bp;
  bp.dtype = onnx::TensorProto::INT32;
  bp.axis = wp.axis >= 0 ? 0 : -1;
  for (double s : wp.scales)
    bp.scales.push_back(xp.scales[0] * s);
  bp.zeroPoints.assign(bp.scales.size(), 0);
  e.dq = bp;
  return e;
}

LogicalResult Importer::importQLinearConv(const onnx::NodeProto &node) {
  // x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, [B].
  auto x = qlinearInput(*this, node, 0);
  if (!x)
    return failure();
  auto w = qlinearWeights(*this, node, 3, 0);
  if (!w)
    return failure();
  auto xp = qlinearParams(*this, node, 1, 4, 1);
  auto yp = qlinearParams(*this, node, 6, 4, 1);
  if (!xp || !yp)
    return failure();
  auto b = qlinearBias(*this, node, 8, *xp, *w->dq);
  if (!b)
    return failure();
  QuantTail tail;
  tail.quantize = &node;
  tail.params = *yp;
  onnx::NodeProto renamed = node; // Weights are input 1 in messages.
  renamed.set_input(1, node.input(3));
  return emitConv(*this, renamed, *x, *w, b->isConst() ? &*b : nullptr, nullptr,
                  tail);
}
