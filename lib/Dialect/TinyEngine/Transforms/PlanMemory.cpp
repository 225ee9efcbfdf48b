//===- PlanMemory.cpp - static arena offsets from live ranges -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-plan-memory. Invariants: every te op result except
// constants and reshapes gets exactly one buffer; a reshape's result aliases
// its input's buffer (or the caller's input when it reshapes an argument);
// two buffers whose live ranges intersect never overlap in the arena.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEPLANMEMORY
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

struct Buffer {
  Operation *owner;
  int64_t size;
  int64_t first, last; ///< Live range in op indices, inclusive.
  int64_t offset = -1;
};

struct PlanMemoryPass
    : mcunet::te::impl::TinyEnginePlanMemoryBase<PlanMemoryPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (alignment < 1 || (alignment & (alignment - 1)) != 0) {
      func.emitError() << "alignment must be a power of two, got "
                       << static_cast<int64_t>(alignment);
      return signalPassFailure();
    }
    if (!func.getBody().hasOneBlock()) {
      func.emitError() << "te-plan-memory expects a single-block function";
      return signalPassFailure();
    }
    Block &block = func.getBody().front();
    llvm::DenseMap<Operation *, int64_t> index;
    int64_t i = 0;
    for (Operation &op : block)
      index[&op] = i++;

    // One buffer per op result that is computed at run time.
    SmallVector<Buffer> buffers;
    llvm::DenseMap<Value, size_t> bufferOf;
    for (Operation &op : block) {
      if (!isa<TinyEngineDialect>(op.getDialect()) || isa<ConstantOp>(op) ||
          isa<ReshapeOp>(op))
        continue;
      if (op.getNumResults() != 1) {
        op.emitError() << "te-plan-memory expects single-result ops";
        return signalPassFailure();
      }
      bufferOf[op.getResult(0)] = buffers.size();
      buffers.push_back({&op, getTensorBytes(op.getResult(0).getType()),
                         index[&op], index[&op]});
    }
    // Extend live ranges to every (transitive, through reshapes) use.
    for (Operation &op : block) {
      for (Value operand : op.getOperands()) {
        auto it = bufferOf.find(getBufferRoot(operand));
        if (it != bufferOf.end())
          buffers[it->second].last =
              std::max(buffers[it->second].last, index[&op]);
      }
    }

    // Greedy by size: largest first, lowest fitting offset.
    SmallVector<size_t> order(buffers.size());
    for (size_t k = 0; k < order.size(); ++k)
      order[k] = k;
    // Largest first; ties in program order (deterministic).
    llvm::sort(order, [&](size_t a, size_t b) {
      if (buffers[a].size != buffers[b].size)
        return buffers[a].size > buffers[b].size;
      return a < b;
    });
    auto alignUp = [&](int64_t v) {
      return (v + alignment - 1) / alignment * alignment;
    };
    SmallVector<size_t> placed;
    int64_t arenaSize = 0;
    for (size_t k : order) {
      Buffer &b = buffers[k];
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (size_t p : placed) {
        const Buffer &o = buffers[p];
        if (o.first <= b.last && b.first <= o.last)
          busy.push_back({o.offset, o.offset + o.size});
      }
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + b.size <= lo)
          break;
        offset = std::max(offset, alignUp(hi));
      }
      b.offset = offset;
      arenaSize = std::max(arenaSize, offset + b.size);
      placed.push_back(k);
    }

    OpBuilder builder(func.getContext());
    for (const Buffer &b : buffers)
      b.owner->setAttr("te.offset", builder.getI64IntegerAttr(b.offset));
    func->setAttr("te.arena_size",
                  builder.getI64IntegerAttr(alignUp(arenaSize)));
  }
};

} // namespace
