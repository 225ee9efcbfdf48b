//===- QuantOps.cpp - QuantizeLinear, DequantizeLinear, constant folding --===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include <cmath>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::onnx_import;

LogicalResult Importer::importDequantize(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  auto params = readQParams(node, x->dims.size());
  if (!params)
    return failure();
  if (x->isConst()) {
    if (x->dq || x->cst->isFloat())
      return error(node) << "input '" << node.input(0)
                         << "' must be an integer tensor",
             failure();
    if (x->cst->dtype != params->dtype)
      return error(node) << "input '" << node.input(0) << "' is "
                         << dataTypeName(x->cst->dtype)
                         << " but its zero point is "
                         << dataTypeName(params->dtype)
                         << "; they must have the same type",
             failure();
    if (params->axis >= 0 && x->cst->dims[params->axis] !=
                                 static_cast<int64_t>(params->scales.size()))
      return error(node) << "scale has " << params->scales.size()
                         << " entries but axis " << params->axis << " of '"
                         << node.input(0) << "' has "
                         << x->cst->dims[params->axis],
             failure();
    Entry e;
    e.cst = x->cst;
    e.dq = *params;
    e.dims = x->dims;
    bind(node, 0, std::move(e));
    return success();
  }
  if (!x->value || x->quantSource ||
      !te::getQuantizedElementType(x->value.getType()))
    return error(node) << "input '" << node.input(0)
                       << "' must be an int8 tensor",
           failure();
  Type elt = activationType(node, *params);
  if (!elt)
    return failure();
  Type have = cast<RankedTensorType>(x->value.getType()).getElementType();
  if (elt != have)
    return error(node) << "inconsistent quantization: the scale and zero "
                          "point of '"
                       << node.input(0) << "' here (" << elt
                       << ") differ from those it was quantized with (" << have
                       << ")",
           failure();
  Entry e;
  e.quantSource = x->value;
  e.dims = x->dims;
  bind(node, 0, std::move(e));
  return success();
}

LogicalResult Importer::importQuantize(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  auto params = readQParams(node, x->dims.size());
  if (!params)
    return failure();
  if (x->isConst() && !x->dq) {
    // Fold: round half to even, saturate (ONNX QuantizeLinear).
    if (!x->cst->isFloat())
      return error(node) << "input must be a float tensor", failure();
    int64_t lo = -128, hi = 127;
    if (params->dtype == onnx::TensorProto::UINT8)
      lo = 0, hi = 255;
    else if (params->dtype == onnx::TensorProto::INT32)
      lo = INT32_MIN, hi = INT32_MAX;
    Entry e;
    e.cst.emplace();
    e.cst->dtype = params->dtype;
    e.cst->dims = x->cst->dims;
    int64_t inner = 1, channels = 1;
    if (params->axis >= 0) {
      channels = x->cst->dims[params->axis];
      if (channels != static_cast<int64_t>(params->scales.size()))
        return error(node) << "scale has " << params->scales.size()
                           << " entries but axis " << params->axis << " of '"
                           << node.input(0) << "' has " << channels,
               failure();
      for (size_t d = params->axis + 1; d < x->cst->dims.size(); ++d)
        inner *= x->cst->dims[d];
    }
    for (int64_t k = 0; k < x->cst->numElements(); ++k) {
      size_t ch = params->axis >= 0 ? (k / inner) % channels : 0;
      double q = std::nearbyint(x->cst->f[k] / params->scales[ch]) +
                 double(params->zeroPoints[ch]);
      e.cst->i.push_back(
          static_cast<int64_t>(std::min<double>(std::max<double>(q, lo), hi)));
    }
    e.dims = x->cst->dims;
    bind(node, 0, std::move(e));
    return success();
  }
  Type elt = activationType(node, *params);
  if (!elt)
    return failure();
  Location l = loc(node);
  Value v;
  if (isQuantized(*x)) {
    v = quantizedValue(*x);
    if (cast<RankedTensorType>(v.getType()).getElementType() != elt)
      v = te::QuantizeOp::create(builder, l, tensorType(x->dims, elt), v);
  } else {
    Value f = floatValue(node, *x);
    v = te::QuantizeOp::create(builder, l, tensorType(x->dims, elt), f);
  }
  Entry e;
  e.value = v;
  e.dims = x->dims;
  bind(node, 0, std::move(e));
  return success();
}

//===----------------------------------------------------------------------===//
// Constant folding
//===----------------------------------------------------------------------===//

std::optional<LogicalResult>
Importer::foldConstantOp(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  auto bindConst = [&](ConstTensor c) {
    Entry e;
    e.dims = c.dims;
    e.cst = std::move(c);
    bind(node, 0, std::move(e));
    return success();
  };
  if (op == "Constant") {
    if (node.attribute_size() != 1)
      return error(node) << "a Constant needs exactly one value attribute",
             failure();
    const auto &a = node.attribute(0);
    ConstTensor c;
    if (a.name() == "value") {
      std::string err = readTensor(a.t(), c);
      if (!err.empty())
        return error(node) << err, failure();
    } else if (a.name() == "value_float") {
      c.dtype = onnx::TensorProto::FLOAT;
      c.f = {a.f()};
    } else if (a.name() == "value_floats") {
      c.dtype = onnx::TensorProto::FLOAT;
      c.f.assign(a.floats().begin(), a.floats().end());
      c.dims = {static_cast<int64_t>(c.f.size())};
    } else if (a.name() == "value_int") {
      c.dtype = onnx::TensorProto::INT64;
      c.i = {a.i()};
    } else if (a.name() == "value_ints") {
      c.dtype = onnx::TensorProto::INT64;
      c.i.assign(a.ints().begin(), a.ints().end());
      c.dims = {static_cast<int64_t>(c.i.size())};
    } else {
      return error(node) << "unsupported Constant attribute '" << a.name()
                         << "'",
             failure();
    }
    return bindConst(std::move(c));
  }

  // Shape of anything with a static shape.
  if (op == "Shape") {
    // Before the walk (see importGraph) the input may only have an inferred
    // shape; during the walk it has an entry.
    std::vector<int64_t> dims;
    std::string in = node.input_size() ? node.input(0) : "";
    auto known = shapes.find(in);
    if (entries.count(in) || known == shapes.end()) {
      Entry *x = input(node, 0);
      if (!x)
        return failure();
      dims = x->dims;
    } else {
      dims = known->second;
    }
    ConstTensor c;
    c.dtype = onnx::TensorProto::INT64;
    int64_t rank = dims.size();
    int64_t start = getInt(node, "start", 0), end = getInt(node, "end", rank);
    start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
    end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
    for (int64_t k = start; k < end; ++k)
      c.i.push_back(dims[k]);
    c.dims = {static_cast<int64_t>(c.i.size())};
    return bindConst(std::move(c));
  }

  // The rest fold only when every input is a plain constant.
  static const char *const foldable[] = {"Identity",  "Cast",    "Gather",
                                         "Unsqueeze", "Squeeze", "Reshape",
                                         "Flatten",   "Concat",  "Transpose"};
  if (!llvm::is_contained(foldable, op))
    return std::nullopt;
  for (const auto &in : node.input()) {
    if (in.empty())
      continue;
    auto it = entries.find(in);
    if (it == entries.end() || !it->second.isConst() || it->second.dq)
      return std::nullopt;
  }
  const ConstTensor &x = *entries[node.input(0)].cst;
  if (op == "Identity")
    return bindConst(x);
  if (op == "Cast") {
    int64_t to = getInt(node, "to", 0);
    ConstTensor c;
    c.dtype = static_cast<int32_t>(to);
    c.dims = x.dims;
    if (c.isFloat()) {
      for (int64_t k = 0; k < x.numElements(); ++k)
        c.f.push_back(x.at(k));
    } else {
      for (int64_t k = 0; k < x.numElements(); ++k)
        c.i.push_back(static_cast<int64_t>(x.at(k)));
    }
    return bindConst(std::move(c));
  }
  if (op == "Transpose") {
    size_t rank = x.dims.size();
    std::vector<int64_t> dflt(rank);
    for (size_t i = 0; i < rank; ++i)
      dflt[i] = rank - 1 - i;
    std::vector<int64_t> perm = getInts(node, "perm", dflt);
    if (failed(checkPermutation(node, perm, rank)))
      return failure();
    ConstTensor c = x;
    for (size_t i = 0; i < rank; ++i)
      c.dims[i] = x.dims[perm[i]];
    if (x.isFloat())
      c.f = transposeData(x.f, x.dims, perm);
    else
      c.i = transposeData(x.i, x.dims, perm);
    return bindConst(std::move(c));
  }
  if (op == "Concat") {
    ConstTensor c = x;
    if (x.dims.size() != 1)
      return std::nullopt;
    for (int k = 1; k < node.input_size(); ++k) {
      const ConstTensor &y = *entries[node.input(k)].cst;
      if (y.dims.size() != 1 || y.isFloat() != x.isFloat())
        return std::nullopt;
      c.f.insert(c.f.end(), y.f.begin(), y.f.end());
      c.i.insert(c.i.end(), y.i.begin(), y.i.end());
      c.dims[0] += y.dims[0];
    }
    return bindConst(std::move(c));
  }
  if (op == "Gather") {
    if (node.input_size() < 2 || x.dims.size() != 1 ||
        getInt(node, "axis", 0) != 0)
      return std::nullopt;
    const ConstTensor &idx = *entries[node.input(1)].cst;
    ConstTensor c;
    c.dtype = x.dtype;
    c.dims = idx.dims;
    for (int64_t k = 0; k < idx.numElements(); ++k) {
      int64_t j = idx.i[k] < 0 ? idx.i[k] + x.dims[0] : idx.i[k];
      if (j < 0 || j >= x.dims[0])
        return error(node) << "index " << idx.i[k] << " is out of range for '"
                           << node.input(0) << "' of " << x.dims[0]
                           << " elements",
               failure();
      if (x.isFloat())
        c.f.push_back(x.f[j]);
      else
        c.i.push_back(x.i[j]);
    }
    return bindConst(std::move(c));
  }
  // Unsqueeze, Squeeze, Reshape, Flatten: data unchanged, new shape.
  auto dims = inferredDims(node, node.output(0));
  if (!dims)
    return failure();
  ConstTensor c = x;
  c.dims = *dims;
  if (c.numElements() != x.numElements())
    return error(node) << "cannot reshape '" << node.input(0) << "' of "
                       << x.numElements() << " elements to '" << node.output(0)
                       << "' of " << c.numElements() << " elements",
           failure();
  return bindConst(std::move(c));
}
