//===- Importer.cpp - ONNX graph to te function ---------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The graph walk, the tensor table, graph inputs and outputs, QDQ chain
// discovery and the --import-onnx registration. Op families live in
// ConvOps.cpp, TensorOps.cpp and QuantOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mcunet/Target/ONNX/ImportONNX.h"
#include "mcunet/Target/ONNX/ModelLoader.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/SourceMgr.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::onnx_import;

Importer::Importer(MLIRContext *ctx, StringRef fileName,
                   const onnx::ModelProto &model)
    : ctx(ctx), builder(ctx), fileName(fileName.str()), model(model) {}

//===----------------------------------------------------------------------===//
// Diagnostics and locations
//===----------------------------------------------------------------------===//

static std::string nodeName(const onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  return node.output_size() ? node.output(0) : std::string("<unnamed>");
}

Location Importer::loc(const onnx::NodeProto &node) {
  return NameLoc::get(StringAttr::get(ctx, nodeName(node)),
                      FileLineColLoc::get(ctx, fileName, 0, 0));
}

InFlightDiagnostic Importer::error(const onnx::NodeProto &node) {
  return emitError(FileLineColLoc::get(ctx, fileName, 0, 0))
         << "node '" << nodeName(node) << "' (" << node.op_type() << "): ";
}

InFlightDiagnostic Importer::error(StringRef what) {
  return emitError(FileLineColLoc::get(ctx, fileName, 0, 0)) << what;
}

//===----------------------------------------------------------------------===//
// The tensor table
//===----------------------------------------------------------------------===//

Entry *Importer::input(const onnx::NodeProto &node, int idx, bool optional) {
  if (idx >= node.input_size() || node.input(idx).empty()) {
    if (!optional)
      error(node) << "missing input " << idx;
    return nullptr;
  }
  auto it = entries.find(node.input(idx));
  if (it == entries.end()) {
    // Graph inputs are bound after the signature is built; parameters read
    // while building it (quantization of an int8 input) must be constants.
    bool isGraphInput = llvm::any_of(model.graph().input(), [&](auto &vi) {
      return vi.name() == node.input(idx);
    });
    if (isGraphInput)
      error(node) << "input " << idx << " ('" << node.input(idx)
                  << "') must be a constant (an initializer or a Constant "
                     "node), not a graph input";
    else
      error(node) << "input '" << node.input(idx)
                  << "' is neither a graph input, an initializer nor the "
                     "output of an earlier node (missing initializer?)";
    return nullptr;
  }
  return &it->second;
}

const ConstTensor *Importer::constInput(const onnx::NodeProto &node, int idx,
                                        bool optional) {
  Entry *e = input(node, idx, optional);
  if (!e)
    return nullptr;
  if (!e->isConst() || e->dq) {
    error(node) << "input " << idx << " ('" << node.input(idx)
                << "') must be a constant (an initializer or a Constant "
                   "node)";
    return nullptr;
  }
  return &*e->cst;
}

Entry &Importer::bind(const onnx::NodeProto &node, int idx, Entry entry) {
  Entry &slot = entries[node.output(idx)];
  slot = std::move(entry);
  return slot;
}

std::optional<std::vector<int64_t>>
Importer::inferredDims(const onnx::NodeProto &node, const std::string &name) {
  auto it = shapes.find(name);
  if (it == shapes.end()) {
    error(node) << "the shape of '" << name
                << "' is unknown or dynamic after ONNX shape inference; give "
                   "the model static input shapes (e.g. onnxsim "
                   "--overwrite-input-shape, or re-export with fixed sizes)";
    return std::nullopt;
  }
  for (int64_t d : it->second) {
    if (d <= 0) {
      error(node) << "tensor '" << name << "' has an empty dimension";
      return std::nullopt;
    }
  }
  int64_t n = 1;
  for (int64_t d : it->second) {
    if (n > (int64_t(1) << 31) / d) {
      error(node) << "tensor '" << name
                  << "' has more than 2^31 elements: sizes must fit 32 bits";
      return std::nullopt;
    }
    n *= d;
  }
  return it->second;
}

bool Importer::isQuantized(const Entry &e) {
  if (e.quantSource)
    return true;
  return e.value && te::getQuantizedElementType(e.value.getType());
}

Value Importer::quantizedValue(const Entry &e) {
  return e.quantSource ? e.quantSource : e.value;
}

RankedTensorType Importer::tensorType(ArrayRef<int64_t> dims, Type elt) const {
  return RankedTensorType::get(toPhysical(dims), elt);
}

Value Importer::floatConstant(Location l, ArrayRef<int64_t> shape,
                              ArrayRef<float> data) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  auto attr = DenseElementsAttr::get(type, data);
  return te::ConstantOp::create(builder, l, type, attr);
}

Value Importer::floatValue(const onnx::NodeProto &node, Entry &e) {
  if (e.value && !te::getQuantizedElementType(e.value.getType()))
    return e.value;
  Location l = loc(node);
  if (e.quantSource) {
    auto type = cast<RankedTensorType>(e.quantSource.getType());
    e.value = te::DequantizeOp::create(
        builder, l,
        RankedTensorType::get(type.getShape(), builder.getF32Type()),
        e.quantSource);
    return e.value;
  }
  if (e.value) { // A quantized runtime value read as float.
    auto type = cast<RankedTensorType>(e.value.getType());
    return te::DequantizeOp::create(
        builder, l,
        RankedTensorType::get(type.getShape(), builder.getF32Type()), e.value);
  }
  // A constant: dequantize if needed, permute rank 4 to NHWC.
  const ConstTensor &c = *e.cst;
  std::vector<double> real(c.numElements());
  for (int64_t k = 0; k < c.numElements(); ++k) {
    double v = c.at(k);
    if (e.dq) {
      const QParams &p = *e.dq;
      int64_t ch = 0;
      if (p.axis >= 0) {
        int64_t inner = 1;
        for (size_t d = p.axis + 1; d < c.dims.size(); ++d)
          inner *= c.dims[d];
        ch = (k / inner) % c.dims[p.axis];
      }
      v = (v - double(p.zeroPoints[ch])) * p.scales[ch];
    }
    real[k] = v;
  }
  std::vector<int64_t> shape = c.dims;
  if (shape.size() == 4) {
    real = transposeData(real, c.dims, {0, 2, 3, 1});
    shape = toPhysical(c.dims);
  }
  std::vector<float> data(real.begin(), real.end());
  return floatConstant(l, shape, data);
}

//===----------------------------------------------------------------------===//
// Quantization parameters and QDQ chains
//===----------------------------------------------------------------------===//

std::optional<QParams> Importer::readQParams(const onnx::NodeProto &node,
                                             int64_t rank) {
  const ConstTensor *scale = constInput(node, 1);
  if (!scale)
    return std::nullopt;
  const ConstTensor *zp = constInput(node, 2, /*optional=*/true);
  if (node.input_size() > 2 && !node.input(2).empty() && !zp)
    return std::nullopt;
  QParams p;
  if (!scale->isFloat()) {
    error(node) << "scale '" << node.input(1) << "' must be a float tensor";
    return std::nullopt;
  }
  if (scale->dims.size() > 1) {
    error(node) << "scale '" << node.input(1)
                << "' must be a scalar or a 1-D tensor, got rank "
                << scale->dims.size();
    return std::nullopt;
  }
  for (double s : scale->f) {
    if (!(s > 0) || !std::isfinite(s)) {
      error(node) << "scale '" << node.input(1)
                  << "' must hold positive finite values, got " << s;
      return std::nullopt;
    }
    p.scales.push_back(s);
  }
  if (p.scales.empty()) {
    error(node) << "scale '" << node.input(1) << "' is empty";
    return std::nullopt;
  }
  if (zp) {
    if (zp->dims != scale->dims) {
      error(node) << "zero point '" << node.input(2)
                  << "' must have the shape of the scale";
      return std::nullopt;
    }
    if (zp->dtype != onnx::TensorProto::INT8 &&
        zp->dtype != onnx::TensorProto::UINT8 &&
        zp->dtype != onnx::TensorProto::INT32) {
      error(node) << "zero point '" << node.input(2) << "' has type "
                  << dataTypeName(zp->dtype)
                  << "; supported: INT8, UINT8, INT32";
      return std::nullopt;
    }
    p.zeroPoints = zp->i;
    p.dtype = zp->dtype;
  } else {
    p.zeroPoints.assign(p.scales.size(), 0);
    p.dtype = onnx::TensorProto::UINT8; // The ONNX default.
  }
  if (scale->dims.size() == 1 && scale->dims[0] != 1) {
    int64_t axis = getInt(node, "axis", 1);
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank) {
      error(node) << "axis " << getInt(node, "axis", 1)
                  << " is out of range for a rank-" << rank << " tensor";
      return std::nullopt;
    }
    p.axis = axis;
  }
  return p;
}

Type Importer::activationType(const onnx::NodeProto &node, const QParams &p) {
  if (p.axis >= 0 || p.scales.size() != 1) {
    error(node) << "activations must be quantized per tensor (one scale), "
                   "got "
                << p.scales.size() << " scales";
    return {};
  }
  int64_t zp = p.zeroPoints[0];
  if (p.dtype == onnx::TensorProto::UINT8) {
    zp -= 128; // uint8 storage q is int8 storage q - 128, exactly.
  } else if (p.dtype != onnx::TensorProto::INT8) {
    error(node) << "activations must be INT8 or UINT8, got "
                << dataTypeName(p.dtype);
    return {};
  }
  return quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, builder.getIntegerType(8),
      builder.getF32Type(), p.scales[0], zp, -128, 127);
}

std::optional<QuantTail> Importer::findQuantTail(const onnx::NodeProto &node) {
  auto single = [&](const std::string &name) -> const onnx::NodeProto * {
    if (graphOutputs.contains(name))
      return nullptr;
    auto it = consumers.find(name);
    if (it == consumers.end() || it->second.size() != 1)
      return nullptr;
    return it->second[0];
  };
  QuantTail tail;
  const onnx::NodeProto *next = single(node.output(0));
  if (!next)
    return std::nullopt;
  if (next->op_type() == "Relu" || next->op_type() == "Clip") {
    if (next->input(0) != node.output(0))
      return std::nullopt;
    tail.act = next;
    tail.lo = next->op_type() == "Relu"
                  ? 0.0
                  : -std::numeric_limits<double>::infinity();
    tail.hi = std::numeric_limits<double>::infinity();
    if (next->op_type() == "Clip") {
      // opset >= 11: optional constant inputs; older: attributes.
      for (int k = 1; k <= 2; ++k) {
        if (next->input_size() <= k || next->input(k).empty())
          continue;
        auto it = entries.find(next->input(k));
        if (it == entries.end() || !it->second.isConst() || it->second.dq ||
            it->second.cst->numElements() != 1)
          return std::nullopt;
        (k == 1 ? tail.lo : tail.hi) = it->second.cst->at(0);
      }
      if (const auto *a = findAttr(*next, "min"))
        tail.lo = a->f();
      if (const auto *a = findAttr(*next, "max"))
        tail.hi = a->f();
    }
    next = single(next->output(0));
    if (!next)
      return std::nullopt;
  }
  if (next->op_type() != "QuantizeLinear" ||
      next->input(0) != (tail.act ? tail.act->output(0) : node.output(0)))
    return std::nullopt;
  // The QuantizeLinear must have constant per-tensor parameters.
  for (int k = 1; k <= 2 && k < next->input_size(); ++k) {
    auto it = entries.find(next->input(k));
    if (it == entries.end() || !it->second.isConst())
      return std::nullopt;
  }
  auto params = readQParams(*next, 1);
  if (!params || params->scales.size() != 1)
    return std::nullopt;
  tail.quantize = next;
  tail.params = *params;
  return tail;
}

void Importer::finishQuantized(const onnx::NodeProto &node, Value result,
                               const QuantTail &tail) {
  if (tail.act) {
    result = te::ClampOp::create(builder, loc(*tail.act), result.getType(),
                                 result, builder.getF64FloatAttr(tail.lo),
                                 builder.getF64FloatAttr(tail.hi));
    handled.insert(tail.act);
  }
  handled.insert(tail.quantize);
  Entry e;
  e.value = result;
  auto it = shapes.find(tail.quantize->output(0));
  e.dims = it != shapes.end() ? it->second
                              : std::vector<int64_t>(); // Checked below.
  if (e.dims.empty())
    e.dims = entries[node.output(0)].dims;
  bind(*tail.quantize, 0, std::move(e));
}

//===----------------------------------------------------------------------===//
// Layout-preserving reshapes
//===----------------------------------------------------------------------===//

/// A rank-4 shape whose NCHW and NHWC element orders coincide.
static bool isTrivial4(ArrayRef<int64_t> d) {
  return d.size() != 4 || d[1] == 1 || d[2] * d[3] == 1;
}

Value Importer::reshapeValue(Location l, Value value, ArrayRef<int64_t> from,
                             ArrayRef<int64_t> to) {
  Type elt = cast<RankedTensorType>(value.getType()).getElementType();
  if (!isTrivial4(from)) {
    value = te::TransposeOp::create(builder, l,
                                    RankedTensorType::get(from, elt), value,
                                    builder.getDenseI64ArrayAttr({0, 3, 1, 2}));
  }
  auto reshapeTo = [&](ArrayRef<int64_t> shape) {
    auto type = RankedTensorType::get(shape, elt);
    if (value.getType() != type)
      value = te::ReshapeOp::create(builder, l, type, value);
  };
  if (!isTrivial4(to)) {
    reshapeTo(to);
    value = te::TransposeOp::create(
        builder, l, RankedTensorType::get(toPhysical(to), elt), value,
        builder.getDenseI64ArrayAttr({0, 2, 3, 1}));
  } else {
    reshapeTo(toPhysical(to));
  }
  return value;
}

//===----------------------------------------------------------------------===//
// The graph
//===----------------------------------------------------------------------===//

static void collectShape(const onnx::ValueInfoProto &vi,
                         llvm::StringMap<std::vector<int64_t>> &shapes) {
  if (!vi.type().has_tensor_type() || !vi.type().tensor_type().has_shape())
    return;
  std::vector<int64_t> dims;
  for (const auto &d : vi.type().tensor_type().shape().dim()) {
    if (!d.has_dim_value())
      return; // Dynamic: left out, reported where it is needed.
    dims.push_back(d.dim_value());
  }
  shapes[vi.name()] = dims;
}

/// The quantization of an int8 graph input, read from the first consumer
/// that states it (DequantizeLinear, QLinearConv, QLinearMatMul).
static const onnx::NodeProto *
findQuantizingConsumer(const std::vector<const onnx::NodeProto *> &users,
                       const std::string &name) {
  // Each of these reads its input 0 with the scale and zero point at
  // inputs 1 and 2.
  for (const auto *u : users) {
    if ((u->op_type() == "DequantizeLinear" || u->op_type() == "QLinearConv" ||
         u->op_type() == "QLinearMatMul") &&
        u->input(0) == name)
      return u;
  }
  return nullptr;
}

LogicalResult Importer::importGraph(ModuleOp module) {
  const onnx::GraphProto &graph = model.graph();
  for (const auto &vi : graph.input())
    collectShape(vi, shapes);
  for (const auto &vi : graph.value_info())
    collectShape(vi, shapes);
  for (const auto &vi : graph.output()) {
    collectShape(vi, shapes);
    graphOutputs.insert(vi.name());
  }
  for (const auto &node : graph.node())
    for (const auto &in : node.input())
      if (!in.empty())
        consumers[in].push_back(&node);

  // Initializers.
  llvm::StringSet<> initializers;
  for (const auto &t : graph.initializer()) {
    Entry e;
    e.cst.emplace();
    std::string err = readTensor(t, *e.cst);
    if (!err.empty())
      return error("initializer: ") << err, failure();
    e.dims = e.cst->dims;
    entries[t.name()] = std::move(e);
    initializers.insert(t.name());
  }

  // Constant subgraphs first, wherever their nodes sit in the node list:
  // QDQ chain discovery looks ahead (Clip bounds, QuantizeLinear
  // parameters, the bias of MatMul + Add, the parameters of int8 graph
  // inputs) and needs those values before the walk reaches them. A node
  // whose inputs are all constants (Constant, DequantizeLinear of an
  // initializer, the foldable ops) is folded here and skipped later.
  for (const auto &node : graph.node()) {
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      continue;
    auto isConst = [&](const std::string &name) {
      auto it = entries.find(name);
      return it != entries.end() && it->second.isConst();
    };
    bool shapeOfStatic = node.op_type() == "Shape" && node.input_size() == 1 &&
                         shapes.count(node.input(0));
    if (!shapeOfStatic &&
        !llvm::all_of(node.input(), [&](const std::string &in) {
          return in.empty() || isConst(in);
        }))
      continue;
    std::optional<LogicalResult> folded;
    if (node.op_type() == "DequantizeLinear")
      folded = importDequantize(node);
    else if (node.op_type() == "QuantizeLinear" && node.input_size() > 0 &&
             !entries[node.input(0)].dq)
      folded = importQuantize(node);
    else
      folded = foldConstantOp(node);
    if (!folded)
      continue;
    if (failed(*folded))
      return failure();
    handled.insert(&node);
  }
  if (failed(reinferShapes()))
    return failure();

  // The function signature: graph inputs in ONNX layout.
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const auto &vi : graph.input()) {
    if (initializers.contains(vi.name()))
      continue;
    if (!vi.type().has_tensor_type())
      return error("graph input '")
                 << vi.name()
                 << "' is not a tensor (sequence, map and optional inputs are "
                    "not supported)",
             failure();
    const auto &tt = vi.type().tensor_type();
    auto it = shapes.find(vi.name());
    if (it == shapes.end())
      return error("graph input '")
                 << vi.name()
                 << "' has a dynamic or unknown dimension; mcunet compiles "
                    "static shapes only: fix the input shape (e.g. batch 1) "
                    "when exporting, or with onnxsim --overwrite-input-shape",
             failure();
    int64_t count = 1;
    for (int64_t d : it->second) {
      if (d <= 0)
        return error("graph input '")
                   << vi.name() << "' has an empty dimension",
               failure();
      if (count > (int64_t(1) << 31) / d)
        return error("graph input '")
                   << vi.name()
                   << "' has more than 2^31 elements: sizes must fit 32 bits",
               failure();
      count *= d;
    }
    Type elt;
    if (tt.elem_type() == onnx::TensorProto::FLOAT) {
      elt = builder.getF32Type();
    } else if (tt.elem_type() == onnx::TensorProto::INT8 ||
               tt.elem_type() == onnx::TensorProto::UINT8) {
      const onnx::NodeProto *dq =
          findQuantizingConsumer(consumers[vi.name()], vi.name());
      if (!dq) {
        auto diag = error("graph input '")
                    << vi.name() << "' is " << dataTypeName(tt.elem_type())
                    << " but no DequantizeLinear, QLinearConv or "
                       "QLinearMatMul reads it, so its scale and zero point "
                       "are unknown";
        // A zero point passed as a graph input is a parameter.
        for (const onnx::NodeProto *u : consumers[vi.name()])
          for (int k = 1; k < u->input_size(); ++k)
            if (u->input(k) == vi.name()) {
              diag << "; it is a parameter of node '" << nodeName(*u) << "' ("
                   << u->op_type() << "): make it an initializer";
              return failure();
            }
        return failure();
      }
      auto params = readQParams(*dq, it->second.size());
      if (!params)
        return failure();
      elt = activationType(*dq, *params);
      if (!elt)
        return failure();
      if (tt.elem_type() == onnx::TensorProto::UINT8) {
        // The interface keeps uint8; the body converts once to int8.
        auto q = cast<quant::UniformQuantizedType>(elt);
        elt = quant::UniformQuantizedType::get(
            /*flags=*/0, builder.getIntegerType(8), builder.getF32Type(),
            q.getScale(), q.getZeroPoint() + 128, 0, 255);
      }
    } else {
      auto diag = error("graph input '")
                  << vi.name() << "' has unsupported data type "
                  << dataTypeName(tt.elem_type())
                  << " (supported: FLOAT, INT8, UINT8)";
      // Weights, shapes, pads... passed as graph inputs must be constants.
      const auto &users = consumers[vi.name()];
      if (!users.empty())
        diag << "; if it is a parameter of node '" << nodeName(*users[0])
             << "' (" << users[0]->op_type() << "), make it an initializer";
      return failure();
    }
    argTypes.push_back(RankedTensorType::get(it->second, elt));
    args.push_back(&vi);
  }

  builder.setInsertionPointToEnd(module.getBody());
  auto func =
      func::FuncOp::create(builder, FileLineColLoc::get(ctx, fileName, 0, 0),
                           "main", builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  for (auto [k, vi] : llvm::enumerate(args)) {
    func.setArgAttr(k, "te.name", builder.getStringAttr(vi->name()));
    Value arg = body->getArgument(k);
    Entry e;
    e.dims = shapes[vi->name()];
    Location l = NameLoc::get(builder.getStringAttr(vi->name()),
                              FileLineColLoc::get(ctx, fileName, 0, 0));
    if (auto q = dyn_cast_or_null<quant::UniformQuantizedType>(
            te::getQuantizedElementType(arg.getType()));
        q && !q.isSigned()) {
      // uint8 q is int8 q - 128 with the zero point shifted: exact.
      auto i8 = quant::UniformQuantizedType::get(
          quant::QuantizationFlags::Signed, builder.getIntegerType(8),
          builder.getF32Type(), q.getScale(), q.getZeroPoint() - 128, -128,
          127);
      arg = te::QuantizeOp::create(builder, l,
                                   RankedTensorType::get(e.dims, i8), arg);
    }
    if (e.dims.size() == 4) {
      // Convert once to NHWC: a free reshape when trivially permutable.
      Type elt = cast<RankedTensorType>(arg.getType()).getElementType();
      if (isTrivial4(e.dims))
        arg = te::ReshapeOp::create(builder, l, tensorType(e.dims, elt), arg);
      else
        arg =
            te::TransposeOp::create(builder, l, tensorType(e.dims, elt), arg,
                                    builder.getDenseI64ArrayAttr({0, 2, 3, 1}));
    }
    e.value = arg;
    entries[vi->name()] = std::move(e);
  }

  // The nodes, in their (topological) order.
  for (const auto &node : graph.node()) {
    if (handled.contains(&node))
      continue;
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return error(node) << "unsupported op domain '" << node.domain()
                         << "' (supported: the default ONNX domain)",
             failure();
    const std::string &op = node.op_type();
    // Constant folding first: any op whose inputs are all constant.
    if (auto folded = foldConstantOp(node)) {
      if (failed(*folded))
        return failure();
      continue;
    }
    LogicalResult result = failure();
    bool known = true;
    if (op == "Conv")
      result = importConv(node);
    else if (op == "QLinearConv")
      result = importQLinearConv(node);
    else if (op == "Gemm")
      result = importGemm(node);
    else if (op == "MatMul")
      result = importMatMul(node);
    else if (op == "QLinearMatMul")
      result = importQLinearMatMul(node);
    else if (op == "BatchNormalization")
      result = importBatchNorm(node);
    else if (op == "Add" || op == "Mul")
      result = importBinary(node);
    else if (op == "AveragePool" || op == "MaxPool")
      result = importPool(node);
    else if (op == "GlobalAveragePool" || op == "ReduceMean")
      result = importGlobalPool(node);
    else if (op == "Relu" || op == "Clip")
      result = importActivation(node);
    else if (op == "Softmax")
      result = importSoftmax(node);
    else if (op == "Reshape" || op == "Flatten" || op == "Squeeze" ||
             op == "Unsqueeze")
      result = importReshape(node);
    else if (op == "Transpose")
      result = importTranspose(node);
    else if (op == "Pad")
      result = importPad(node);
    else if (op == "Concat")
      result = importConcat(node);
    else if (op == "Resize")
      result = importResize(node);
    else if (op == "QuantizeLinear")
      result = importQuantize(node);
    else if (op == "DequantizeLinear")
      result = importDequantize(node);
    else if (op == "Identity") {
      Entry *in = input(node, 0);
      if (in) {
        bind(node, 0, *in);
        result = success();
      }
    } else
      known = false;
    if (!known && (op == "Cast" || op == "Gather")) {
      // Only folded (foldConstantOp): there is no te op for run-time data.
      for (const auto &in : node.input()) {
        auto e = entries.find(in);
        if (!in.empty() &&
            (e == entries.end() || !e->second.isConst() || e->second.dq))
          return error(node) << "unsupported op '" << op
                             << "' on run-time data: it is only folded at "
                                "import time, so its inputs must be "
                                "constants; '"
                             << in << "' is not",
                 failure();
      }
      return error(node) << "unsupported op 'Gather' on these constants: it "
                            "is folded only for 1-D data and axis 0",
             failure();
    }
    if (!known)
      return error(node) << "unsupported op '" << op
                         << "'; supported ops: " << supportedOpsText(),
             failure();
    if (failed(result))
      return failure();
  }

  // Results: back to the ONNX layout.
  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const auto &vi : graph.output()) {
    auto it = entries.find(vi.name());
    if (it == entries.end())
      return error("graph output '") << vi.name() << "' is never produced",
             failure();
    Entry &e = it->second;
    Location l = NameLoc::get(builder.getStringAttr(vi.name()),
                              FileLineColLoc::get(ctx, fileName, 0, 0));
    Value v;
    if (e.value && te::getQuantizedElementType(e.value.getType()) &&
        !e.quantSource)
      v = e.value;
    else if (e.isConst() && !e.dq)
      return error("graph output '")
                 << vi.name() << "' is a constant; nothing to compute",
             failure();
    else {
      onnx::NodeProto fake;
      fake.set_name(vi.name());
      fake.set_op_type("output");
      v = floatValue(fake, e);
    }
    if (e.dims.size() == 4) {
      Type elt = cast<RankedTensorType>(v.getType()).getElementType();
      auto type = RankedTensorType::get(e.dims, elt);
      if (isTrivial4(e.dims))
        v = te::ReshapeOp::create(builder, l, type, v);
      else
        v = te::TransposeOp::create(builder, l, type, v,
                                    builder.getDenseI64ArrayAttr({0, 3, 1, 2}));
    }
    // A UINT8 graph output: convert back from int8 (exact, see inputs).
    if (auto q = dyn_cast_or_null<quant::UniformQuantizedType>(
            te::getQuantizedElementType(v.getType()));
        q && vi.type().has_tensor_type() &&
        vi.type().tensor_type().elem_type() == onnx::TensorProto::UINT8) {
      auto u8 = quant::UniformQuantizedType::get(
          /*flags=*/0, builder.getIntegerType(8), builder.getF32Type(),
          q.getScale(), q.getZeroPoint() + 128, 0, 255);
      v = te::QuantizeOp::create(
          builder, l,
          RankedTensorType::get(cast<ShapedType>(v.getType()).getShape(), u8),
          v);
    }
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  func::ReturnOp::create(builder, FileLineColLoc::get(ctx, fileName, 0, 0),
                         results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (auto [k, vi] : llvm::enumerate(graph.output()))
    func.setResultAttr(k, "te.name", builder.getStringAttr(vi.name()));
  return success();
}

LogicalResult Importer::reinferShapes() {
  const onnx::GraphProto &graph = model.graph();
  bool missing = false;
  for (const auto &node : graph.node())
    if (!handled.contains(&node))
      for (const auto &out : node.output())
        missing |= !out.empty() && !shapes.count(out);
  if (!missing || handled.empty())
    return success();
  // libonnx 1.12 propagates no values through Gather, so a Reshape fed by
  // Shape -> Gather -> Unsqueeze -> Concat has no inferred shape: replace
  // each folded node by initializers holding its values and infer again.
  onnx::ModelProto copy = model;
  onnx::GraphProto *g = copy.mutable_graph();
  g->clear_node();
  g->clear_value_info();
  for (const auto &node : graph.node()) {
    bool replace = handled.contains(&node);
    std::vector<onnx::TensorProto> values(node.output_size());
    for (int k = 0; k < node.output_size() && replace; ++k) {
      auto it = entries.find(node.output(k));
      replace = it != entries.end() && it->second.isConst() && !it->second.dq &&
                writeTensor(*it->second.cst, node.output(k), values[k]);
    }
    if (!replace) {
      *g->add_node() = node;
      continue;
    }
    for (auto &t : values)
      *g->add_initializer() = std::move(t);
  }
  std::string err = inferShapes(copy);
  if (!err.empty())
    return error(err), failure();
  for (const auto &vi : copy.graph().value_info())
    collectShape(vi, shapes);
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> mcunet::importONNX(StringRef bytes, StringRef fileName,
                                         MLIRContext *context) {
  context->loadDialect<te::TinyEngineDialect, func::FuncDialect,
                       quant::QuantDialect>();
  onnx::ModelProto model;
  std::string data = bytes.str();
  bool isText = fileName.ends_with(".onnxtxt") || looksLikeText(data);
  std::string err = loadModel(data, isText, model);
  if (!err.empty()) {
    emitError(FileLineColLoc::get(context, fileName, 0, 0)) << err;
    return {};
  }
  OwningOpRef<ModuleOp> module(
      ModuleOp::create(FileLineColLoc::get(context, fileName, 0, 0)));
  Importer importer(context, fileName, model);
  if (failed(importer.importGraph(*module)))
    return {};
  if (failed(verify(*module))) {
    emitError(FileLineColLoc::get(context, fileName, 0, 0))
        << "the imported model does not verify (see the errors above)";
    return {};
  }
  return module;
}

void mcunet::registerImportONNXTranslation() {
  static TranslateToMLIRRegistration registration(
      "import-onnx",
      "import an ONNX model (binary or textual syntax) into the te dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        OwningOpRef<ModuleOp> module = importONNX(
            buffer->getBuffer(), buffer->getBufferIdentifier(), context);
        if (!module)
          return {};
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) {
        registry.insert<te::TinyEngineDialect, func::FuncDialect,
                        quant::QuantDialect>();
      });
}
