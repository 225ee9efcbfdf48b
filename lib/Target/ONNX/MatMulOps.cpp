//===- MatMulOps.cpp - Gemm, MatMul(+Add), QLinearMatMul, BatchNorm -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Matrix products with a constant right-hand side become te.fully_connected
// (weights [out, in]); a standalone BatchNormalization becomes te.mul and
// te.add with per-channel constants.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include <cmath>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::onnx_import;

namespace {

struct FCSpec {
  bool transB = false;
  double alpha = 1.0, beta = 1.0;
  Entry *bias = nullptr;
  /// The node whose output the result stands for (MatMul's Add, or itself).
  const onnx::NodeProto *last = nullptr;
  std::optional<QuantTail> tail;
};

LogicalResult emitFullyConnected(Importer &imp, const onnx::NodeProto &node,
                                 Entry &a, Entry &w, FCSpec spec) {
  OpBuilder &b = imp.builder;
  Location l = imp.loc(node);
  if (a.dims.size() != 2)
    return imp.error(node) << "the input must be 2-D ([batch, features]), "
                              "got rank "
                           << a.dims.size() << "; insert a Flatten first",
           failure();
  if (!w.isConst() || w.cst->dims.size() != 2)
    return imp.error(node) << "weights '" << node.input(1)
                           << "' must be a 2-D constant",
           failure();
  ArrayRef<int64_t> wd = w.cst->dims;
  int64_t n = spec.transB ? wd[0] : wd[1];
  int64_t k = spec.transB ? wd[1] : wd[0];
  if (k != a.dims[1])
    return imp.error(node) << "weights '" << node.input(1) << "' expect " << k
                           << " input features, the input has " << a.dims[1],
           failure();
  Weights wt;
  std::vector<int64_t> perm =
      spec.transB ? std::vector<int64_t>{0, 1} : std::vector<int64_t>{1, 0};
  if (failed(readWeights(imp, node, w, perm, {n, k}, spec.transB ? 0 : 1, wt)))
    return failure();
  std::vector<double> bias;
  std::vector<int64_t> biasInts;
  std::vector<double> biasIntScales;
  if (failed(
          readBias(imp, node, spec.bias, n, bias, &biasInts, &biasIntScales)))
    return failure();
  const onnx::NodeProto &last = spec.last ? *spec.last : node;
  auto outDims = imp.inferredDims(last, last.output(0));
  if (!outDims)
    return failure();

  if (!spec.tail && Importer::isQuantized(a) && wt.quantized)
    spec.tail = imp.findQuantTail(last);
  if (spec.tail) {
    if (spec.alpha != 1.0 || (spec.bias && spec.beta != 1.0))
      return imp.error(node) << "quantized Gemm needs alpha = beta = 1",
             failure();
    Value in = Importer::quantizedValue(a);
    auto inQ = cast<quant::UniformQuantizedType>(
        cast<RankedTensorType>(in.getType()).getElementType());
    Type outElt = imp.activationType(*spec.tail->quantize, spec.tail->params);
    if (!outElt)
      return failure();
    Value weight =
        imp.quantConstant(l, wt.shape, wt.q, weightType(b, wt.scales, 0));
    Value biasV;
    if (spec.bias) {
      std::vector<double> bs, perChannel(n);
      for (double s : wt.scales)
        bs.push_back(inQ.getScale() * s);
      for (int64_t c = 0; c < n; ++c)
        perChannel[c] = bs[bs.size() == 1 ? 0 : c];
      biasV = imp.quantConstant(
          l, {n}, quantizeBias(bias, biasInts, biasIntScales, perChannel),
          biasType(b, bs));
    }
    Value result = te::FullyConnectedOp::create(
        b, l, RankedTensorType::get(*outDims, outElt), in, weight, biasV,
        nullptr, nullptr);
    if (spec.last && spec.last != &node)
      imp.handled.insert(spec.last);
    imp.finishQuantized(last, result, *spec.tail);
    return success();
  }

  Value in = imp.floatValue(node, a);
  std::vector<float> wf(wt.f.size());
  for (size_t i = 0; i < wf.size(); ++i)
    wf[i] = static_cast<float>(wt.f[i] * spec.alpha);
  Value weight = imp.floatConstant(l, wt.shape, wf);
  Value biasV;
  if (spec.bias) {
    std::vector<float> bf(n);
    for (int64_t c = 0; c < n; ++c)
      bf[c] = static_cast<float>(bias[c] * spec.beta);
    biasV = imp.floatConstant(l, {n}, bf);
  }
  Value result = te::FullyConnectedOp::create(
      b, l, RankedTensorType::get(*outDims, b.getF32Type()), in, weight, biasV,
      nullptr, nullptr);
  if (spec.last && spec.last != &node)
    imp.handled.insert(spec.last);
  Entry e;
  e.value = result;
  e.dims = *outDims;
  imp.bind(last, 0, std::move(e));
  return success();
}

} // namespace

LogicalResult Importer::importGemm(const onnx::NodeProto &node) {
  Entry *a = input(node, 0);
  Entry *w = input(node, 1);
  if (!a || !w)
    return failure();
  if (getInt(node, "transA", 0) != 0)
    return error(node) << "transA = 1 is not supported", failure();
  if (!w->isConst())
    return error(node) << "the second operand '" << node.input(1)
                       << "' must be constant (weights)",
           failure();
  FCSpec spec;
  spec.transB = getInt(node, "transB", 0) != 0;
  spec.alpha = getFloat(node, "alpha", 1.0f);
  spec.beta = getFloat(node, "beta", 1.0f);
  spec.bias = input(node, 2, /*optional=*/true);
  if (node.input_size() > 2 && !node.input(2).empty() && !spec.bias)
    return failure();
  return emitFullyConnected(*this, node, *a, *w, spec);
}

LogicalResult Importer::importMatMul(const onnx::NodeProto &node) {
  Entry *a = input(node, 0);
  Entry *w = input(node, 1);
  if (!a || !w)
    return failure();
  if (!w->isConst())
    return error(node) << "the second operand '" << node.input(1)
                       << "' must be constant (weights); products of two "
                          "activations are not supported",
           failure();
  FCSpec spec;
  // MatMul followed by an Add of a constant per-output-channel vector: the
  // Add is the bias. Any other Add is imported on its own.
  auto it = consumers.find(node.output(0));
  if (it != consumers.end() && it->second.size() == 1 &&
      it->second[0]->op_type() == "Add" &&
      !graphOutputs.contains(node.output(0)) && w->cst->dims.size() == 2) {
    const onnx::NodeProto *add = it->second[0];
    int other = add->input(0) == node.output(0) ? 1 : 0;
    auto e = entries.find(add->input(other));
    if (e != entries.end() && e->second.isConst() &&
        e->second.cst->dims.size() <= 2 &&
        isPerChannelShape(e->second.cst->dims, w->cst->dims[1])) {
      spec.bias = &e->second;
      spec.last = add;
    }
  }
  return emitFullyConnected(*this, node, *a, *w, spec);
}

LogicalResult Importer::importQLinearMatMul(const onnx::NodeProto &node) {
  // a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp.
  auto a = qlinearInput(*this, node, 0);
  if (!a)
    return failure();
  auto w = qlinearWeights(*this, node, 3, 1);
  if (!w)
    return failure();
  auto yp = qlinearParams(*this, node, 6, 2, 1);
  if (!yp)
    return failure();
  FCSpec spec;
  spec.tail.emplace();
  spec.tail->quantize = &node;
  spec.tail->params = *yp;
  onnx::NodeProto renamed = node; // Weights are input 1 in messages.
  renamed.set_input(1, node.input(3));
  return emitFullyConnected(*this, renamed, *a, *w, spec);
}

LogicalResult Importer::importBatchNorm(const onnx::NodeProto &node) {
  Entry *x = input(node, 0);
  if (!x)
    return failure();
  bool statsOut = llvm::any_of(llvm::drop_begin(node.output()),
                               [](const std::string &o) { return !o.empty(); });
  if (getInt(node, "training_mode", 0) != 0 || statsOut)
    return error(node) << "training mode (training_mode = 1, or the running "
                          "mean and variance outputs) is not supported: "
                          "export the model in inference mode (model.eval())",
           failure();
  const ConstTensor *scale = constInput(node, 1);
  const ConstTensor *shift = constInput(node, 2);
  const ConstTensor *mean = constInput(node, 3);
  const ConstTensor *var = constInput(node, 4);
  if (!scale || !shift || !mean || !var)
    return failure();
  if (x->dims.size() < 2)
    return error(node) << "the input must have a channel dimension", failure();
  int64_t c = x->dims[1];
  for (const ConstTensor *t : {scale, shift, mean, var})
    if (t->numElements() != c)
      return error(node) << "scale, B, mean and var must have " << c
                         << " entries (one per channel)",
             failure();
  if (x->dims.size() != 2 && x->dims.size() != 4)
    return error(node) << "only rank-2 and rank-4 inputs are supported",
           failure();
  double eps = getFloat(node, "epsilon", 1e-5f);
  std::vector<float> mul(c), add(c);
  for (int64_t k = 0; k < c; ++k) {
    double f = scale->at(k) / std::sqrt(var->at(k) + eps);
    mul[k] = static_cast<float>(f);
    add[k] = static_cast<float>(shift->at(k) - mean->at(k) * f);
  }
  Location l = loc(node);
  Value in = floatValue(node, *x);
  // The channel dimension is innermost in te layout for rank 2 and 4.
  Value m = floatConstant(l, {c}, mul);
  Value a = floatConstant(l, {c}, add);
  Value y =
      te::MulOp::create(builder, l, in.getType(), in, m, nullptr, nullptr);
  y = te::AddOp::create(builder, l, in.getType(), y, a, nullptr, nullptr);
  Entry e;
  e.value = y;
  e.dims = x->dims;
  bind(node, 0, std::move(e));
  return success();
}
