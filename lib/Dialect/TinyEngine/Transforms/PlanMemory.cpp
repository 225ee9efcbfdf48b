//===- PlanMemory.cpp - static arena offsets from live ranges -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-plan-memory on the memory model of Analysis/Memory.h: it
// builds the problem, places it with the chosen strategy and writes the
// offsets back as attributes. Invariant: two buffers whose live ranges
// intersect never share a byte, unless an op overwrites its own input in
// place (te.inplace), where they share the same offset.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "llvm/Support/FormatVariadic.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEPLANMEMORY
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

struct PlanMemoryPass
    : mcunet::te::impl::TinyEnginePlanMemoryBase<PlanMemoryPass> {
  using Base::Base;

  /// Sets te.tile [2, 2] on the pointwise and im2col kernels with te.tile
  /// [3, 2] whose column scratch is live where the lower bound is reached,
  /// as long as that lowers the bound by 1% or more (a third row of columns
  /// costs 2 x input channels, or window values, bytes: on a real model's
  /// peak far less than 1%, for about 5% fewer instructions in a pointwise
  /// layer), and rebuilds `problem` accordingly.
  LogicalResult fitThreeRowTiles(func::FuncOp func, MemoryProblem &problem) {
    Builder builder(func.getContext());
    auto isThreeRows = [](Operation *op) {
      auto tile = op->getAttrOfType<DenseI64ArrayAttr>("te.tile");
      return tile && tile.size() == 2 && tile[0] == 3;
    };
    while (true) {
      int64_t bound = problem.lowerBound(alignment);
      SmallVector<int64_t> live = problem.liveBytes(alignment);
      SmallVector<Operation *> atPeak;
      for (const ArenaBuffer &b : problem.buffers)
        if (b.kind == ArenaBuffer::Kind::Scratch && isThreeRows(b.owner) &&
            llvm::any_of(llvm::seq<int64_t>(b.first, b.last + 1),
                         [&](int64_t p) { return live[p] == bound; }))
          atPeak.push_back(b.owner);
      if (atPeak.empty())
        return success();
      for (Operation *op : atPeak)
        op->setAttr("te.tile", builder.getDenseI64ArrayAttr({2, 2}));
      FailureOr<MemoryProblem> fitted = buildMemoryProblem(func);
      if (failed(fitted))
        return failure();
      if ((bound - fitted->lowerBound(alignment)) * 100 < bound) {
        // Another layer holds the same peak, or the bytes saved are not
        // worth the speed: keep the faster blocks.
        for (Operation *op : atPeak)
          op->setAttr("te.tile", builder.getDenseI64ArrayAttr({3, 2}));
        return success();
      }
      problem = std::move(*fitted);
    }
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (alignment < 1 || (alignment & (alignment - 1)) != 0) {
      func.emitError() << "alignment must be a power of two, got "
                       << static_cast<int64_t>(alignment);
      return signalPassFailure();
    }
    std::optional<PlanStrategy> chosen = parsePlanStrategy(strategy);
    if (!chosen) {
      func.emitError() << "unknown strategy '" << strategy
                       << "' (expected ours, tflm-greedy, "
                          "tinyengine-first-fit or naive)";
      return signalPassFailure();
    }
    FailureOr<MemoryProblem> problem = buildMemoryProblem(func);
    if (failed(problem))
      return signalPassFailure();
    // Pointwise layers at the peak whose three-row int16 columns raise it
    // go back to two rows (te.tile [2, 2]): speed where it costs no SRAM.
    if (fitTiles && failed(fitThreeRowTiles(func, *problem)))
      return signalPassFailure();
    int64_t arena = planArena(*problem, *chosen, alignment);

    if (report) {
      int64_t lowerBound = problem->lowerBound(alignment);
      std::string text = llvm::formatv("arena plan: {0} {1} B",
                                       stringifyPlanStrategy(*chosen), arena);
      for (PlanStrategy other :
           {PlanStrategy::TflmGreedy, PlanStrategy::TinyEngineFirstFit,
            PlanStrategy::Naive}) {
        if (other == *chosen)
          continue;
        MemoryProblem copy = *problem;
        text += llvm::formatv(", {0} {1} B", stringifyPlanStrategy(other),
                              planArena(copy, other, alignment));
      }
      if (*chosen != PlanStrategy::Best) {
        MemoryProblem copy = *problem;
        text += llvm::formatv(", ours {0} B",
                              planArena(copy, PlanStrategy::Best, alignment));
      }
      double distance =
          lowerBound ? 100.0 * (arena - lowerBound) / lowerBound : 0.0;
      text += llvm::formatv(", lower bound {0} B ({1}{2:F2}%)", lowerBound,
                            distance >= 0 ? "+" : "", distance);
      func.emitRemark() << text;
    }

    Builder builder(func.getContext());
    for (Operation &op : func.getBody().front())
      op.removeAttr(kScratchAttr);
    for (const ArenaBuffer &b : problem->buffers) {
      switch (b.kind) {
      case ArenaBuffer::Kind::Input:
        func.setArgAttr(b.argNumber, kArgOffsetAttr,
                        builder.getI64IntegerAttr(b.offset));
        break;
      case ArenaBuffer::Kind::Result:
        b.owner->setAttr(kOffsetAttr, builder.getI64IntegerAttr(b.offset));
        break;
      case ArenaBuffer::Kind::Scratch:
        b.owner->setAttr(kScratchAttr,
                         builder.getDenseI64ArrayAttr({b.offset, b.size}));
        break;
      }
    }
    func->setAttr(kArenaSizeAttr, builder.getI64IntegerAttr(arena));
  }
};

} // namespace
