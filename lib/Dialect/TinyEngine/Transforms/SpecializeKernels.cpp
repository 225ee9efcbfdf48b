//===- SpecializeKernels.cpp - kernel variant per op
//-----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-specialize-kernels: sets te.kernel on the ops whose exact
// shape has a specialized kernel in the C emitter.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINESPECIALIZEKERNELS
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

bool isInt8(Type type) {
  auto q = getQuantizedElementType(type);
  return q && q.getStorageTypeIntegralWidth() == 8 && q.isSigned();
}

} // namespace

StringRef mcunet::te::chooseSpecializedKernel(Operation *op) {
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    auto w = conv.getWeight().getType().getShape();
    bool quantized =
        isInt8(conv.getInput().getType()) &&
        isInt8(conv.getOutput().getType()) &&
        conv.getWeight().getDefiningOp<ConstantOp>() &&
        (!conv.getBias() || conv.getBias().getDefiningOp<ConstantOp>());
    bool noPad = llvm::all_of(conv.getPad(), [](int64_t p) { return p == 0; });
    auto ones = [](ArrayRef<int64_t> v) {
      return llvm::all_of(v, [](int64_t d) { return d == 1; });
    };
    if (quantized && conv.getGroups() == 1 && w[1] == 1 && w[2] == 1 && noPad &&
        ones(conv.getDilation()) && ones(conv.getStride()))
      return "pointwise";
    // Every other single-group conv, while its two int16 columns stay
    // small (4 x 4096 bytes of scratch at most).
    if (quantized && conv.getGroups() == 1 && w[1] * w[2] * w[3] <= 4096)
      return "im2col";
  }
  if (isa<AddOp, MulOp>(op)) {
    bool int8 = llvm::all_of(op->getOperandTypes(), isInt8) &&
                isInt8(op->getResult(0).getType());
    if (int8)
      return isa<AddOp>(op) ? "add" : "mul";
  }
  if (auto fc = dyn_cast<FullyConnectedOp>(op)) {
    if (isInt8(fc.getInput().getType()) && isInt8(fc.getOutput().getType()) &&
        isInt8(fc.getWeight().getType()) &&
        fc.getWeight().getDefiningOp<ConstantOp>() &&
        (!fc.getBias() || fc.getBias().getDefiningOp<ConstantOp>()))
      return "fully_connected";
  }
  if (auto dw = dyn_cast<DepthwiseConv2DOp>(op)) {
    bool quantized =
        isInt8(dw.getInput().getType()) && isInt8(dw.getOutput().getType()) &&
        dw.getWeight().getDefiningOp<ConstantOp>() &&
        (!dw.getBias() || dw.getBias().getDefiningOp<ConstantOp>());
    bool noDilation =
        llvm::all_of(dw.getDilation(), [](int64_t d) { return d == 1; });
    if (quantized && noDilation && dw.getChannelMultiplier() == 1)
      return "depthwise";
  }
  return "";
}

namespace {

struct SpecializeKernelsPass
    : mcunet::te::impl::TinyEngineSpecializeKernelsBase<SpecializeKernelsPass> {
  void runOnOperation() override {
    Builder builder(&getContext());
    getOperation().walk([&](Operation *op) {
      StringRef kernel = chooseSpecializedKernel(op);
      if (kernel.empty())
        op->removeAttr("te.kernel");
      else
        op->setAttr("te.kernel", builder.getStringAttr(kernel));
    });
  }
};

} // namespace
