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
#include "mlir/IR/PatternMatch.h"

#include <cmath>
#include <cstring>

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

namespace {
/// fully_connected(reshape(transpose(x, perm)), w) with a constant w becomes
/// fully_connected(reshape(x), w') where w' has its columns permuted at
/// compile time: the flatten of PyTorch's NCHW tensors costs no transpose
/// layer (and no buffer) on the NHWC tensor the convolutions produce.
struct FoldTransposeIntoWeights : OpRewritePattern<FullyConnectedOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FullyConnectedOp fc,
                                PatternRewriter &rewriter) const override {
    auto flat = fc.getInput().getDefiningOp<ReshapeOp>();
    auto transpose =
        flat ? flat.getInput().getDefiningOp<TransposeOp>() : TransposeOp();
    auto weight = fc.getWeight().getDefiningOp<ConstantOp>();
    if (!transpose || !weight || !flat->hasOneUse() ||
        !transpose->hasOneUse() || !weight->hasOneUse())
      return failure();
    auto value = dyn_cast<DenseElementsAttr>(weight.getValue());
    ArrayRef<int64_t> perm = transpose.getPerm();
    auto xType = transpose.getInput().getType();
    auto tType = transpose.getOutput().getType();
    auto fType = flat.getOutput().getType();
    if (!value || perm.empty() || perm[0] != 0 || fType.getRank() != 2 ||
        fType.getDimSize(0) != tType.getDimSize(0))
      return failure();
    int64_t rows = value.getType().getDimSize(0);
    int64_t cols = fType.getDimSize(1);
    DenseElementsAttr permuted = value;
    if (!value.isSplat()) {
      // Column k' of the new weights (row-major over x's dims after the
      // batch) is column k of the old ones (row-major over the transposed
      // dims): t index j holds x index perm[j + 1] - 1.
      ArrayRef<int64_t> xd = xType.getShape().drop_front();
      ArrayRef<int64_t> td = tType.getShape().drop_front();
      size_t width = (value.getElementType().getIntOrFloatBitWidth() + 7) / 8;
      ArrayRef<char> raw = value.getRawData();
      if (raw.size() != static_cast<size_t>(rows * cols) * width)
        return failure();
      std::vector<char> out(raw.size());
      SmallVector<int64_t> a(xd.size());
      for (int64_t kp = 0; kp < cols; ++kp) {
        int64_t rest = kp;
        for (int64_t i = xd.size() - 1; i >= 0; --i) {
          a[i] = rest % xd[i];
          rest /= xd[i];
        }
        int64_t k = 0;
        for (size_t j = 0; j < td.size(); ++j)
          k = k * td[j] + a[perm[j + 1] - 1];
        for (int64_t o = 0; o < rows; ++o)
          std::memcpy(&out[(o * cols + kp) * width],
                      &raw[(o * cols + k) * width], width);
      }
      permuted = DenseElementsAttr::getFromRawBuffer(value.getType(), out);
    }
    auto newFlat =
        ReshapeOp::create(rewriter, flat.getLoc(), fType, transpose.getInput());
    auto newWeight = ConstantOp::create(rewriter, weight.getLoc(),
                                        weight.getType(), permuted);
    rewriter.modifyOpInPlace(fc, [&] {
      fc.getInputMutable().assign(newFlat);
      fc.getWeightMutable().assign(newWeight);
    });
    return success();
  }
};
} // namespace

void FullyConnectedOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                                   MLIRContext *context) {
  results.add<FoldTransposeIntoWeights>(context);
}

#define GET_OP_CLASSES
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.cpp.inc"
