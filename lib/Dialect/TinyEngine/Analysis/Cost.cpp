//===- Cost.cpp - MACs and parameter counts of te ops ---------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Analysis/Cost.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mcunet::te;

static int64_t numElements(Value v) {
  return cast<ShapedType>(v.getType()).getNumElements();
}

int64_t mcunet::te::getMacs(Operation *op) {
  return llvm::TypeSwitch<Operation *, int64_t>(op)
      .Case([](Conv2DOp c) {
        auto w = c.getWeight().getType().getShape(); // OHWI
        return numElements(c.getOutput()) * w[1] * w[2] * w[3];
      })
      .Case([](DepthwiseConv2DOp c) {
        auto w = c.getWeight().getType().getShape(); // [kh, kw, C]
        return numElements(c.getOutput()) * w[0] * w[1];
      })
      .Case([](FullyConnectedOp f) {
        return numElements(f.getOutput()) *
               f.getWeight().getType().getShape()[1];
      })
      .Case([](AvgPool2DOp p) {
        return numElements(p.getOutput()) * p.getKernel()[0] * p.getKernel()[1];
      })
      .Case([](MaxPool2DOp p) {
        return numElements(p.getOutput()) * p.getKernel()[0] * p.getKernel()[1];
      })
      .Case([](GlobalAvgPoolOp p) { return numElements(p.getInput()); })
      .Case<AddOp, MulOp>(
          [](Operation *b) { return numElements(b->getResult(0)); })
      .Default([](Operation *) { return int64_t(0); });
}

int64_t mcunet::te::getParams(Operation *op) {
  int64_t n = 0;
  for (Value v : op->getOperands())
    if (v.getDefiningOp<ConstantOp>())
      n += numElements(v);
  return n;
}
