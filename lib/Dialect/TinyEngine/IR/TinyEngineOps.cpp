//===- TinyEngineOps.cpp - TinyEngine op helpers and folders --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Op helpers, folders and the generated op definitions. The verifiers live in
// TinyEngineVerifiers.cpp.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>

using namespace mlir;
using namespace mcunet::te;

quant::QuantizedType mcunet::te::getQuantizedElementType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  return dyn_cast<quant::QuantizedType>(type);
}

std::pair<int64_t, int64_t>
mcunet::te::quantizeActivationRange(quant::UniformQuantizedType qtype,
                                    double lo, double hi) {
  int64_t qmin = qtype.getStorageTypeMin();
  int64_t qmax = qtype.getStorageTypeMax();
  auto quantize = [&](double v) -> double {
    // std::round rounds half away from zero, like TfLiteRound.
    return static_cast<double>(qtype.getZeroPoint()) +
           std::round(v / qtype.getScale());
  };
  auto clampToStorage = [&](double q) -> int64_t {
    if (q < static_cast<double>(qmin))
      return qmin;
    if (q > static_cast<double>(qmax))
      return qmax;
    return static_cast<int64_t>(q);
  };
  int64_t actMin = std::isinf(lo) ? qmin : clampToStorage(quantize(lo));
  int64_t actMax = std::isinf(hi) ? qmax : clampToStorage(quantize(hi));
  return {actMin, actMax};
}

int64_t mcunet::te::getElementBytes(Type type) {
  Type elt = cast<ShapedType>(type).getElementType();
  int64_t bits = 8;
  if (auto q = dyn_cast<quant::QuantizedType>(elt))
    bits = q.getStorageTypeIntegralWidth();
  else if (elt.isIntOrFloat())
    bits = elt.getIntOrFloatBitWidth();
  return (bits + 7) / 8;
}

int64_t mcunet::te::getTensorBytes(Type type) {
  return cast<ShapedType>(type).getNumElements() * getElementBytes(type);
}

Value mcunet::te::getBufferRoot(Value value) {
  while (auto reshape = value.getDefiningOp<ReshapeOp>())
    value = reshape.getInput();
  return value;
}

int64_t DepthwiseConv2DOp::getChannelMultiplier() {
  int64_t in = getInput().getType().getShape().back();
  int64_t out = getOutput().getType().getShape().back();
  return in == 0 ? 0 : out / in;
}

/// conv(pad(x)) -> conv(x) with the pad added to the window's padding, when
/// the pad only touches H and W and pads with the real value 0: a quantized
/// tensor then pads with its zero point, which contributes nothing to the
/// accumulator, exactly like the window's implicit padding.
template <typename ConvOp> static OpFoldResult foldPadIntoConv(ConvOp op) {
  auto pad = op.getInput().template getDefiningOp<PadOp>();
  if (!pad || pad.getValue().convertToDouble() != 0.0)
    return {};
  ArrayRef<int64_t> p = pad.getPadding();
  if (p.size() != 8 || p[0] || p[3] || p[4] || p[7])
    return {};
  ArrayRef<int64_t> window = op.getPad();
  SmallVector<int64_t> merged = {window[0] + p[1], window[1] + p[2],
                                 window[2] + p[5], window[3] + p[6]};
  op.getInputMutable().assign(pad.getInput());
  op.setPad(merged);
  return op.getOutput();
}

OpFoldResult Conv2DOp::fold(FoldAdaptor) { return foldPadIntoConv(*this); }

OpFoldResult DepthwiseConv2DOp::fold(FoldAdaptor) {
  return foldPadIntoConv(*this);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  // reshape(x) with the type of x is x.
  if (getInput().getType() == getOutput().getType())
    return getInput();
  // reshape(reshape(x)) is reshape(x): fold by re-pointing the operand.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getOutput();
  }
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPerm();
  // An identity permutation is a no-op.
  if (llvm::all_of(llvm::enumerate(perm), [](auto it) {
        return static_cast<int64_t>(it.index()) == it.value();
      }))
    return getInput();
  // transpose(transpose(x, p), q) = transpose(x, p o q): compose, and fold
  // to x when the composition is the identity.
  auto producer = getInput().getDefiningOp<TransposeOp>();
  if (!producer)
    return {};
  ArrayRef<int64_t> inner = producer.getPerm();
  SmallVector<int64_t> composed(perm.size());
  bool identity = true;
  for (size_t i = 0; i < perm.size(); ++i) {
    composed[i] = inner[perm[i]];
    identity &= composed[i] == static_cast<int64_t>(i);
  }
  if (identity && producer.getInput().getType() == getOutput().getType())
    return producer.getInput();
  getInputMutable().assign(producer.getInput());
  setPerm(composed);
  return getOutput();
}

#define GET_OP_CLASSES
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.cpp.inc"
