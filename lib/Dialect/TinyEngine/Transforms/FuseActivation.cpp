//===- FuseActivation.cpp - fold te.clamp into its producer ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-fuse-activation. Invariant: only quantized clamps are
// fused, and only into a producer with no other user, so no other reader
// observes the narrowed range.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEFUSEACTIVATION
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

/// Folds `te.clamp(producer)` into `producer` when the producer is one of
/// `Ops...` (all carry optional act_min/act_max attributes).
template <typename... Ops>
struct FuseClampIntoProducer : OpRewritePattern<ClampOp> {
  using OpRewritePattern<ClampOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ClampOp clamp,
                                PatternRewriter &rewriter) const override {
    auto qtype = dyn_cast_or_null<quant::UniformQuantizedType>(
        getQuantizedElementType(clamp.getType()));
    if (!qtype)
      return rewriter.notifyMatchFailure(clamp, "float clamp");
    Operation *producer = clamp.getInput().getDefiningOp();
    if (!producer || !isa<Ops...>(producer) || !producer->hasOneUse())
      return rewriter.notifyMatchFailure(clamp, "no fusable producer");
    std::pair<int64_t, int64_t> range =
        quantizeActivationRange(qtype, clamp.getMin().convertToDouble(),
                                clamp.getMax().convertToDouble());
    int64_t lo = range.first, hi = range.second;
    if (auto oldMin = producer->getAttrOfType<IntegerAttr>("act_min"))
      lo = std::max(lo, oldMin.getInt());
    if (auto oldMax = producer->getAttrOfType<IntegerAttr>("act_max"))
      hi = std::min(hi, oldMax.getInt());
    if (lo > hi) // Disjoint ranges: the output is a constant; leave it be.
      return rewriter.notifyMatchFailure(clamp, "empty range");
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("act_min", rewriter.getI64IntegerAttr(lo));
      producer->setAttr("act_max", rewriter.getI64IntegerAttr(hi));
    });
    rewriter.replaceOp(clamp, clamp.getInput());
    return success();
  }
};

struct FuseActivationPass
    : mcunet::te::impl::TinyEngineFuseActivationBase<FuseActivationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<
        FuseClampIntoProducer<Conv2DOp, DepthwiseConv2DOp, FullyConnectedOp,
                              AddOp, MulOp, AvgPool2DOp, MaxPool2DOp>>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
