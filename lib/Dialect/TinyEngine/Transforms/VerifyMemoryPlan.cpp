//===- VerifyMemoryPlan.cpp - independent check of the arena plan ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-verify-memory-plan. Deliberately shares no code with
// PlanMemory.cpp: live ranges are recomputed here from scratch (walking the
// users of every value, following reshapes), so a bug in the planner cannot
// hide itself.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEVERIFYMEMORYPLAN
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

struct Placed {
  Operation *owner;
  int64_t begin, end;  ///< Bytes [begin, end) in the arena.
  int64_t first, last; ///< Live op positions, inclusive.
};

/// The last position at which `v` or any reshape of it is read.
int64_t lastRead(Value v, const llvm::DenseMap<Operation *, int64_t> &pos) {
  int64_t last = -1;
  for (Operation *user : v.getUsers()) {
    last = std::max(last, pos.lookup(user));
    if (isa<ReshapeOp>(user))
      last = std::max(last, lastRead(user->getResult(0), pos));
  }
  return last;
}

struct VerifyMemoryPlanPass
    : mcunet::te::impl::TinyEngineVerifyMemoryPlanBase<VerifyMemoryPlanPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto arenaAttr = func->getAttrOfType<IntegerAttr>("te.arena_size");
    if (!arenaAttr) {
      func.emitError() << "has no te.arena_size: nothing to verify (run "
                          "--te-plan-memory first)";
      return signalPassFailure();
    }
    int64_t arena = arenaAttr.getInt();
    llvm::DenseMap<Operation *, int64_t> pos;
    int64_t p = 0;
    for (Operation &op : func.getBody().front())
      pos[&op] = p++;

    SmallVector<Placed> placed;
    bool ok = true;
    for (Operation &op : func.getBody().front()) {
      if (!isa<TinyEngineDialect>(op.getDialect()) ||
          isa<ConstantOp, ReshapeOp>(op))
        continue;
      auto offset = op.getAttrOfType<IntegerAttr>("te.offset");
      if (!offset) {
        op.emitError() << "computes a tensor but has no te.offset";
        ok = false;
        continue;
      }
      Value result = op.getResult(0);
      auto type = cast<ShapedType>(result.getType());
      int64_t width = 1;
      if (auto q = getQuantizedElementType(type))
        width = (q.getStorageTypeIntegralWidth() + 7) / 8;
      else
        width = (type.getElementTypeBitWidth() + 7) / 8;
      int64_t bytes = type.getNumElements() * width;
      int64_t begin = offset.getInt(), end = begin + bytes;
      if (begin < 0 || end > arena) {
        op.emitError() << "arena bytes [" << begin << ", " << end
                       << ") lie outside the arena [0, " << arena << ")";
        ok = false;
        continue;
      }
      placed.push_back({&op, begin, end, pos[&op],
                        std::max(pos[&op], lastRead(result, pos))});
    }
    for (size_t i = 0; i < placed.size(); ++i) {
      for (size_t j = i + 1; j < placed.size(); ++j) {
        const Placed &a = placed[i], &b = placed[j];
        bool liveTogether = a.first <= b.last && b.first <= a.last;
        bool shareBytes = a.begin < b.end && b.begin < a.end;
        if (liveTogether && shareBytes) {
          InFlightDiagnostic diag = b.owner->emitError()
                                    << "arena bytes [" << b.begin << ", "
                                    << b.end << ") overlap those of '"
                                    << a.owner->getName() << "' at [" << a.begin
                                    << ", " << a.end << ") while both are live";
          diag.attachNote(a.owner->getLoc()) << "the other buffer";
          ok = false;
        }
      }
    }
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
