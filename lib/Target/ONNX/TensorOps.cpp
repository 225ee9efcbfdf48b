//===- TensorOps.cpp - element-wise, pooling and data-movement ops --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Data-movement ops (reshape, transpose, pad, concat, resize, max pool,
// clamp) applied to the DequantizeLinear view of an int8 tensor run on the
// int8 tensor itself: they commute with dequantization exactly. Ops that do
// arithmetic (add, mul, average pool, softmax) are quantized only when a
// QuantizeLinear gives their output type; otherwise they run in float.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::onnx_import;

Value Importer::dataValue(const onnx::NodeProto &node, Entry &e, bool &isView) {
  isView = false;
  if (e.quantSource) {
    isView = true;
    return e.quantSource;
  }
  if (e.value)
    return e.value;
  return floatValue(node, e);
}

void Importer::bindValue(const onnx::NodeProto &node, int idx, Value v,
                         std::vector<int64_t> dims, bool isView) {
  Entry e;
  (isView ? e.quantSource : e.value) = v;
  e.dims = std::move(dims);
  bind(node, idx, std::move(e));
}

Value Importer::alignRank(Location l, Value v, ArrayRef<int64_t> dims,
                          size_t rank) {
  if (dims.size() >= rank)
    return v;
  std::vector<int64_t> padded(rank - dims.size(), 1);
  padded.insert(padded.end(), dims.begin(), dims.end());
  return reshapeValue(l, v, dims, padded);
}

static int64_t normalizeAxis(int64_t axis, size_t rank) {
  return axis < 0 ? axis + static_cast<int64_t>(rank) : axis;
}

//===----------------------------------------------------------------------===//
// Add, Mul
//===----------------------------------------------------------------------===//

LogicalResult Importer::importBinary(const onnx::NodeProto &node) {
  Entry *a = input(node, 0);
  Entry *b = input(node, 1);
  if (!a || !b)
    return failure();
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  Location l = loc(node);
  size_t rank = outDims->size();
  bool isAdd = node.op_type() == "Add";
  auto create = [&](Type type, Value x, Value y) -> Value {
    if (isAdd)
      return te::AddOp::create(builder, l, type, x, y, nullptr, nullptr);
    return te::MulOp::create(builder, l, type, x, y, nullptr, nullptr);
  };

  // Quantized: both operands int8 (runtime or DQ'd per-tensor constants).
  auto quantOperand = [&](Entry &e) -> Value {
    if (isQuantized(e))
      return alignRank(l, quantizedValue(e), e.dims, rank);
    if (e.isConst() && e.dq && e.dq->axis < 0 && !e.cst->isFloat()) {
      Type elt = activationType(node, *e.dq);
      if (!elt)
        return {};
      std::vector<int64_t> data = e.cst->i;
      if (e.dq->dtype == onnx::TensorProto::UINT8)
        for (int64_t &v : data)
          v -= 128;
      std::vector<int64_t> shape = e.cst->dims;
      if (shape.size() == 4) {
        data = transposeData(data, shape, {0, 2, 3, 1});
        shape = toPhysical(shape);
      }
      Value c = quantConstant(l, shape, data, elt);
      return alignRank(l, c, e.cst->dims, rank);
    }
    return {};
  };
  bool canQuantize = (isQuantized(*a) || (a->isConst() && a->dq)) &&
                     (isQuantized(*b) || (b->isConst() && b->dq)) &&
                     (isQuantized(*a) || isQuantized(*b));
  if (canQuantize) {
    if (auto tail = findQuantTail(node)) {
      Value x = quantOperand(*a), y = quantOperand(*b);
      if (x && y) {
        Type outElt = activationType(*tail->quantize, tail->params);
        if (!outElt)
          return failure();
        finishQuantized(node, create(tensorType(*outDims, outElt), x, y),
                        *tail);
        return success();
      }
    }
  }
  Value x = alignRank(l, floatValue(node, *a), a->dims, rank);
  Value y = alignRank(l, floatValue(node, *b), b->dims, rank);
  Entry e;
  e.value = create(tensorType(*outDims, builder.getF32Type()), x, y);
  e.dims = *outDims;
  bind(node, 0, std::move(e));
  return success();
}

//===----------------------------------------------------------------------===//
// AveragePool, MaxPool, GlobalAveragePool, ReduceMean
//===----------------------------------------------------------------------===//

LogicalResult Importer::importPool(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  if (x->dims.size() != 4)
    return error(node) << "only 2-D pooling (rank-4 input) is supported",
           failure();
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  bool isMax = node.op_type() == "MaxPool";
  std::vector<int64_t> kernel = getInts(node, "kernel_shape", {});
  std::vector<int64_t> strides = getInts(node, "strides", {1, 1});
  std::vector<int64_t> dilations = getInts(node, "dilations", {1, 1});
  if (kernel.size() != 2 || strides.size() != 2)
    return error(node) << "kernel_shape and strides must have 2 entries",
           failure();
  if (dilations != std::vector<int64_t>{1, 1})
    return error(node) << "dilated pooling is not supported", failure();
  if (node.output_size() > 1 && !node.output(1).empty())
    return error(node) << "the Indices output is not supported", failure();
  if (getInt(node, "storage_order", 0) != 0)
    return error(node) << "storage_order = 1 is not supported", failure();
  auto pads = windowPads(*this, node, {x->dims[2], x->dims[3]}, kernel, strides,
                         dilations);
  if (!pads)
    return failure();
  // ceil_mode: supported when it gives the floor-mode size.
  for (int i = 0; i < 2; ++i) {
    int64_t floorOut =
        (x->dims[2 + i] + (*pads)[i] + (*pads)[i + 2] - kernel[i]) /
            strides[i] +
        1;
    if ((*outDims)[2 + i] != floorOut)
      return error(node) << "ceil_mode = 1 changes the output size; pad the "
                            "input explicitly instead",
             failure();
  }
  bool countPad = getInt(node, "count_include_pad", 0) != 0;
  Location l = loc(node);
  auto create = [&](Type type, Value in) -> Value {
    auto k = builder.getDenseI64ArrayAttr(kernel);
    auto s = builder.getDenseI64ArrayAttr(strides);
    auto p = builder.getDenseI64ArrayAttr(*pads);
    if (isMax)
      return te::MaxPool2DOp::create(builder, l, type, in, k, s, p, nullptr,
                                     nullptr);
    return te::AvgPool2DOp::create(builder, l, type, in, k, s, p,
                                   builder.getBoolAttr(countPad), nullptr,
                                   nullptr);
  };
  if (isQuantized(*x)) {
    if (auto tail = findQuantTail(node)) {
      Type outElt = activationType(*tail->quantize, tail->params);
      if (!outElt)
        return failure();
      finishQuantized(node,
                      create(tensorType(*outDims, outElt), quantizedValue(*x)),
                      *tail);
      return success();
    }
    if (isMax) { // Max commutes with dequantization.
      bool view;
      Value in = dataValue(node, *x, view);
      Type elt = cast<RankedTensorType>(in.getType()).getElementType();
      bindValue(node, 0, create(tensorType(*outDims, elt), in), *outDims, view);
      return success();
    }
  }
  Value in = floatValue(node, *x);
  bindValue(node, 0, create(tensorType(*outDims, builder.getF32Type()), in),
            *outDims, false);
  return success();
}

LogicalResult Importer::importGlobalPool(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  if (x->dims.size() != 4)
    return error(node) << "only rank-4 inputs are supported", failure();
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  if (node.op_type() == "ReduceMean") {
    std::vector<int64_t> axes = getInts(node, "axes", {});
    if (node.input_size() > 1 && !node.input(1).empty()) {
      const ConstTensor *c = constInput(node, 1);
      if (!c)
        return failure();
      axes = c->i;
    }
    for (int64_t &a : axes)
      a = normalizeAxis(a, 4);
    std::sort(axes.begin(), axes.end());
    if (axes != std::vector<int64_t>{2, 3})
      return error(node) << "ReduceMean is supported over the spatial axes "
                            "[2, 3] only",
             failure();
  }
  Location l = loc(node);
  std::vector<int64_t> pooled = {x->dims[0], x->dims[1], 1, 1};
  auto finish = [&](Value v) {
    // keepdims = 0 gives [N, C]: a free reshape.
    if (*outDims != pooled)
      v = reshapeValue(l, v, pooled, *outDims);
    return v;
  };
  if (isQuantized(*x)) {
    if (auto tail = findQuantTail(node)) {
      Type outElt = activationType(*tail->quantize, tail->params);
      if (!outElt)
        return failure();
      Value v = te::GlobalAvgPoolOp::create(
          builder, l, tensorType(pooled, outElt), quantizedValue(*x));
      finishQuantized(node, finish(v), *tail);
      return success();
    }
  }
  Value v = te::GlobalAvgPoolOp::create(
      builder, l, tensorType(pooled, builder.getF32Type()),
      floatValue(node, *x));
  bindValue(node, 0, finish(v), *outDims, false);
  return success();
}

//===----------------------------------------------------------------------===//
// Relu, Clip, Softmax
//===----------------------------------------------------------------------===//

LogicalResult Importer::importActivation(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  double lo = 0.0, hi = std::numeric_limits<double>::infinity();
  if (node.op_type() == "Clip") {
    lo = -std::numeric_limits<double>::infinity();
    for (int k = 1; k <= 2; ++k) {
      if (node.input_size() <= k || node.input(k).empty())
        continue;
      const ConstTensor *c = constInput(node, k);
      if (!c)
        return failure();
      if (c->numElements() != 1)
        return error(node) << "min and max must be scalars", failure();
      (k == 1 ? lo : hi) = c->at(0);
    }
    if (const auto *a = findAttr(node, "min"))
      lo = a->f();
    if (const auto *a = findAttr(node, "max"))
      hi = a->f();
    if (lo > hi)
      return error(node) << "min " << lo << " exceeds max " << hi, failure();
  }
  bool view;
  Value in = isQuantized(*x) ? dataValue(node, *x, view) : Value();
  if (!in) {
    in = floatValue(node, *x);
    view = false;
  }
  Value v = te::ClampOp::create(builder, loc(node), in.getType(), in,
                                builder.getF64FloatAttr(lo),
                                builder.getF64FloatAttr(hi));
  bindValue(node, 0, v, x->dims, view);
  return success();
}

LogicalResult Importer::importSoftmax(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  int64_t opset = 13;
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  size_t rank = x->dims.size();
  int64_t axis =
      normalizeAxis(getInt(node, "axis", opset >= 13 ? -1 : 1), rank);
  if (axis < 0 || axis >= static_cast<int64_t>(rank))
    return error(node) << "axis out of range", failure();
  // Before opset 13 the input is coerced to 2-D at `axis`.
  bool innermost = physicalAxis(axis, rank) == static_cast<int64_t>(rank) - 1;
  if (opset < 13 && axis != static_cast<int64_t>(rank) - 1)
    innermost = false;
  if (!innermost)
    return error(node) << "softmax over axis " << axis
                       << " is not supported: only the innermost axis (the "
                          "channels of a 4-D tensor, or the last axis)",
           failure();
  Location l = loc(node);
  if (isQuantized(*x)) {
    if (auto tail = findQuantTail(node)) {
      Type outElt = activationType(*tail->quantize, tail->params);
      if (!outElt)
        return failure();
      Value v = te::SoftmaxOp::create(builder, l, tensorType(x->dims, outElt),
                                      quantizedValue(*x),
                                      builder.getF64FloatAttr(1.0));
      finishQuantized(node, v, *tail);
      return success();
    }
  }
  Value in = floatValue(node, *x);
  Value v = te::SoftmaxOp::create(builder, l, in.getType(), in,
                                  builder.getF64FloatAttr(1.0));
  bindValue(node, 0, v, x->dims, false);
  return success();
}

//===----------------------------------------------------------------------===//
// Reshape, Flatten, Squeeze, Unsqueeze, Transpose
//===----------------------------------------------------------------------===//

LogicalResult Importer::importReshape(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  auto count = [](ArrayRef<int64_t> dims) {
    return std::accumulate(dims.begin(), dims.end(), int64_t(1),
                           std::multiplies<int64_t>());
  };
  if (count(x->dims) != count(*outDims))
    return error(node) << "cannot reshape '" << node.input(0) << "' of "
                       << count(x->dims) << " elements to '" << node.output(0)
                       << "' of " << count(*outDims) << " elements",
           failure();
  bool view;
  Value in = dataValue(node, *x, view);
  Value v = reshapeValue(loc(node), in, x->dims, *outDims);
  bindValue(node, 0, v, *outDims, view);
  return success();
}

LogicalResult Importer::checkPermutation(const onnx::NodeProto &node,
                                         ArrayRef<int64_t> perm, size_t rank) {
  // Found by fuzzing: a perm shorter than the rank passed libonnx and was
  // read past its end.
  std::vector<bool> seen(rank, false);
  bool valid = perm.size() == rank;
  for (int64_t a : perm) {
    valid &= a >= 0 && a < static_cast<int64_t>(rank) && !seen[a];
    if (valid)
      seen[a] = true;
  }
  if (valid)
    return success();
  std::string text;
  for (int64_t a : perm)
    text += (text.empty() ? "" : ", ") + std::to_string(a);
  return error(node) << "perm [" << text << "] is not a permutation of the "
                     << rank << " axes of the input",
         failure();
}

LogicalResult Importer::importTranspose(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  size_t rank = x->dims.size();
  std::vector<int64_t> dflt(rank);
  for (size_t i = 0; i < rank; ++i)
    dflt[i] = rank - 1 - i;
  std::vector<int64_t> perm = getInts(node, "perm", dflt);
  if (failed(checkPermutation(node, perm, rank)))
    return failure();
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  // Physical permutation: phys(j) holds logical P[j]; q[j] = Pinv[p[P[j]]].
  std::vector<int64_t> P(rank), Pinv(rank);
  std::iota(P.begin(), P.end(), 0);
  if (rank == 4)
    P = {0, 2, 3, 1};
  for (size_t j = 0; j < rank; ++j)
    Pinv[P[j]] = j;
  std::vector<int64_t> q(rank);
  bool identity = true;
  for (size_t j = 0; j < rank; ++j) {
    q[j] = Pinv[perm[P[j]]];
    identity &= q[j] == static_cast<int64_t>(j);
  }
  bool view;
  Value in = dataValue(node, *x, view);
  Value v = in;
  if (!identity) {
    Type elt = cast<RankedTensorType>(in.getType()).getElementType();
    v = te::TransposeOp::create(builder, loc(node), tensorType(*outDims, elt),
                                in, builder.getDenseI64ArrayAttr(q));
  }
  bindValue(node, 0, v, *outDims, view);
  return success();
}

//===----------------------------------------------------------------------===//
// Pad, Concat, Resize
//===----------------------------------------------------------------------===//

LogicalResult Importer::importPad(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  std::string mode = getString(node, "mode", "constant");
  if (mode != "constant")
    return error(node) << "pad mode '" << mode
                       << "' is not supported (only 'constant')",
           failure();
  std::vector<int64_t> pads = getInts(node, "pads", {});
  if (node.input_size() > 1 && !node.input(1).empty()) {
    const ConstTensor *c = constInput(node, 1);
    if (!c)
      return failure();
    pads = c->i;
  }
  if (node.input_size() > 3 && !node.input(3).empty())
    return error(node) << "the axes input is not supported", failure();
  double value = getFloat(node, "value", 0.0f);
  if (node.input_size() > 2 && !node.input(2).empty()) {
    const ConstTensor *c = constInput(node, 2);
    if (!c)
      return failure();
    if (c->numElements() != 1)
      return error(node) << "constant_value must be a scalar", failure();
    value = c->at(0);
  }
  size_t rank = x->dims.size();
  if (pads.size() != 2 * rank)
    return error(node) << "pads must have " << 2 * rank << " entries",
           failure();
  for (int64_t p : pads)
    if (p < 0)
      return error(node) << "negative pads (cropping) are not supported",
             failure();
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  std::vector<int64_t> phys(2 * rank);
  for (size_t j = 0; j < rank; ++j) {
    int64_t logical = rank == 4 ? std::vector<int64_t>{0, 2, 3, 1}[j] : j;
    phys[j] = pads[logical];
    phys[j + rank] = pads[logical + rank];
  }
  bool view;
  Value in = dataValue(node, *x, view);
  Value v = in;
  if (llvm::any_of(pads, [](int64_t p) { return p != 0; })) {
    Type elt = cast<RankedTensorType>(in.getType()).getElementType();
    v = te::PadOp::create(builder, loc(node), tensorType(*outDims, elt), in,
                          builder.getDenseI64ArrayAttr(phys),
                          builder.getF64FloatAttr(value));
  }
  bindValue(node, 0, v, *outDims, view);
  return success();
}

LogicalResult Importer::importConcat(const onnx::NodeProto &node) {
  SmallVector<Entry *> ins;
  for (int k = 0; k < node.input_size(); ++k) {
    Entry *e = input(node, k);
    if (!e)
      return failure();
    ins.push_back(e);
  }
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  size_t rank = outDims->size();
  int64_t axis = normalizeAxis(getInt(node, "axis", 0), rank);
  if (axis < 0 || axis >= static_cast<int64_t>(rank))
    return error(node) << "axis out of range", failure();
  auto axisAttr = builder.getI64IntegerAttr(physicalAxis(axis, rank));
  Location l = loc(node);
  bool allQuant = llvm::all_of(ins, [](Entry *e) { return isQuantized(*e); });
  if (allQuant) {
    SmallVector<Value> vals;
    for (Entry *e : ins)
      vals.push_back(quantizedValue(*e));
    if (auto tail = findQuantTail(node)) {
      Type outElt = activationType(*tail->quantize, tail->params);
      if (!outElt)
        return failure();
      Value v = te::ConcatOp::create(builder, l, tensorType(*outDims, outElt),
                                     vals, axisAttr);
      finishQuantized(node, v, *tail);
      return success();
    }
    Type elt = cast<RankedTensorType>(vals[0].getType()).getElementType();
    bool same = llvm::all_of(vals, [&](Value v) {
      return cast<RankedTensorType>(v.getType()).getElementType() == elt;
    });
    bool allViews =
        llvm::all_of(ins, [](Entry *e) { return bool(e->quantSource); });
    if (same && allViews) {
      Value v = te::ConcatOp::create(builder, l, tensorType(*outDims, elt),
                                     vals, axisAttr);
      bindValue(node, 0, v, *outDims, true);
      return success();
    }
  }
  SmallVector<Value> vals;
  for (Entry *e : ins)
    vals.push_back(floatValue(node, *e));
  Value v = te::ConcatOp::create(
      builder, l, tensorType(*outDims, builder.getF32Type()), vals, axisAttr);
  bindValue(node, 0, v, *outDims, false);
  return success();
}

LogicalResult Importer::importResize(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  if (x->dims.size() != 4)
    return error(node) << "only rank-4 (NCHW) inputs are supported", failure();
  std::string mode = getString(node, "mode", "nearest");
  if (mode != "nearest")
    return error(node) << "resize mode '" << mode
                       << "' is not supported (only 'nearest')",
           failure();
  std::string ctm =
      getString(node, "coordinate_transformation_mode", "half_pixel");
  std::string nearest = getString(node, "nearest_mode", "round_prefer_floor");
  bool alignCorners = false, halfPixel = false;
  if (ctm == "asymmetric" && nearest == "floor") {
  } else if (ctm == "align_corners" && nearest == "round_prefer_ceil") {
    alignCorners = true;
  } else if (ctm == "tf_half_pixel_for_nn" && nearest == "floor") {
    halfPixel = true;
  } else {
    return error(node) << "coordinate_transformation_mode '" << ctm
                       << "' with nearest_mode '" << nearest
                       << "' is not supported; supported: asymmetric+floor, "
                          "align_corners+round_prefer_ceil, "
                          "tf_half_pixel_for_nn+floor (TensorFlow Lite's "
                          "ResizeNearestNeighbor)",
           failure();
  }
  auto outDims = inferredDims(node, node.output(0));
  if (!outDims)
    return failure();
  if ((*outDims)[0] != x->dims[0] || (*outDims)[1] != x->dims[1])
    return error(node) << "only the spatial dimensions may be resized",
           failure();
  bool view;
  Value in = dataValue(node, *x, view);
  Type elt = cast<RankedTensorType>(in.getType()).getElementType();
  Value v = te::ResizeNearestOp::create(
      builder, loc(node), tensorType(*outDims, elt), in,
      builder.getBoolAttr(alignCorners), builder.getBoolAttr(halfPixel));
  bindValue(node, 0, v, *outDims, view);
  return success();
}
