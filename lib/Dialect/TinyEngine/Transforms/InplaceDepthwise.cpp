//===- InplaceDepthwise.cpp - results written over dying inputs -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-inplace-depthwise: marks `te.inplace = k` on every op that
// may overwrite operand k (Analysis/Memory.h says which ops can) where that
// operand's buffer is read by nothing after the op in the current order.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEINPLACEDEPTHWISE
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

/// True if `v` or a reshape of it is used by an op after `op` (the
/// terminator included: a returned buffer is never dead).
bool readAfter(Value v, Operation *op) {
  for (Operation *user : v.getUsers()) {
    if (user != op && op->isBeforeInBlock(user))
      return true;
    if (isa<ReshapeOp>(user) && readAfter(user->getResult(0), op))
      return true;
  }
  return false;
}

} // namespace

void mcunet::te::markInplace(func::FuncOp func, bool depthwise,
                             bool elementwise) {
  Builder builder(func.getContext());
  for (Operation &op : func.getBody().front()) {
    op.removeAttr(kInplaceAttr);
    for (unsigned k : getInplaceCandidates(&op, depthwise, elementwise)) {
      Value root = getBufferRoot(op.getOperand(k));
      if (root.getDefiningOp<ConstantOp>() || readAfter(root, &op))
        continue;
      op.setAttr(kInplaceAttr, builder.getI64IntegerAttr(k));
      break;
    }
  }
}

namespace {

struct InplaceDepthwisePass
    : mcunet::te::impl::TinyEngineInplaceDepthwiseBase<InplaceDepthwisePass> {
  using Base::Base;

  void runOnOperation() override {
    markInplace(getOperation(), depthwise, elementwise);
  }
};

} // namespace
