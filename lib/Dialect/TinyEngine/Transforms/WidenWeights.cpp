//===- WidenWeights.cpp - int16 pointwise weights within a flash budget ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-widen-weights: marks the pointwise layers whose weights
// the C emitter stores as int16 (te.int16_weights), the layers with the
// most output pixels first, within a budget of extra flash bytes.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEWIDENWEIGHTS
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

struct Candidate {
  Conv2DOp op;
  int64_t pixels, extraBytes;
  size_t order; ///< Position in the function: the tie-break.
};

struct WidenWeightsPass
    : mcunet::te::impl::TinyEngineWidenWeightsBase<WidenWeightsPass> {
  using TinyEngineWidenWeightsBase::TinyEngineWidenWeightsBase;

  void runOnOperation() override {
    const int64_t budget = this->budget;
    if (budget < -1) {
      getOperation().emitError()
          << "te-widen-weights: budget must be -1 (no limit) or at least 0, "
             "got "
          << budget;
      return signalPassFailure();
    }
    SmallVector<Candidate> candidates;
    getOperation().walk([&](Conv2DOp op) {
      op->removeAttr(kInt16WeightsAttr);
      // The int16 weights are read by the kernel over int16 columns only.
      if (!getPointwiseColumnBytes(op))
        return;
      auto out = op.getOutput().getType().getShape();
      candidates.push_back({op, out[0] * out[1] * out[2],
                            op.getWeight().getType().getNumElements(),
                            candidates.size()});
    });
    llvm::sort(candidates, [](const Candidate &a, const Candidate &b) {
      return a.pixels != b.pixels ? a.pixels > b.pixels : a.order < b.order;
    });
    int64_t used = 0;
    for (const Candidate &c : candidates) {
      if (budget >= 0 && used + c.extraBytes > budget)
        continue;
      used += c.extraBytes;
      c.op->setAttr(kInt16WeightsAttr, UnitAttr::get(&getContext()));
    }
  }
};

} // namespace
