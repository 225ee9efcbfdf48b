//===- VerifyMemoryPlan.cpp - independent check of the arena plan ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-verify-memory-plan. Deliberately shares no code with the
// planner (PlanMemory.cpp, Analysis/Memory.cpp): buffers and live ranges are
// recomputed here from scratch (walking the users of every value, following
// reshapes), so a bug in the planner cannot hide itself. The only shared
// facts are the attribute names.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEVERIFYMEMORYPLAN
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

struct Placed {
  std::string what; ///< "input 0", "'te.conv2d' result", "... scratch".
  Location loc;
  int64_t begin, end;  ///< Bytes [begin, end) in the arena.
  int64_t first, last; ///< Live op positions, inclusive.
};

/// Bytes of a tensor, from its element type.
int64_t bytesOf(Type t) {
  auto type = cast<ShapedType>(t);
  int64_t width;
  if (auto q = getQuantizedElementType(type))
    width = (q.getStorageTypeIntegralWidth() + 7) / 8;
  else
    width = (type.getElementTypeBitWidth() + 7) / 8;
  return type.getNumElements() * width;
}

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

/// Follows reshapes to the value that owns the bytes.
Value ownerOf(Value v) {
  while (auto r = v.getDefiningOp<ReshapeOp>())
    v = r.getInput();
  return v;
}

/// Why the kernel of `op` cannot write its result over operand `k` ("" if
/// it can). Restates the kernels' requirements on purpose instead of asking
/// the in-place pass.
std::string whyNotInplace(Operation *op, int64_t k) {
  auto width = [](Value v) {
    auto type = cast<ShapedType>(v.getType());
    return type.getNumElements() ? bytesOf(type) / type.getNumElements() : 0;
  };
  Value result = op->getResult(0);
  if (auto dw = dyn_cast<DepthwiseConv2DOp>(op)) {
    auto in = dw.getInput().getType(), out = dw.getOutput().getType();
    if (k != 0)
      return "a depthwise convolution can only overwrite its input";
    if (in.getDimSize(3) != out.getDimSize(3))
      return "the channel multiplier is not 1";
    if (width(dw.getInput()) != width(result))
      return "input and output elements differ in size";
    if (in.getDimSize(0) > 1 && out.getDimSize(1) * out.getDimSize(2) >
                                    in.getDimSize(1) * in.getDimSize(2))
      return "with several images the output may not be larger than the input";
    auto scratch = op->getAttrOfType<DenseI64ArrayAttr>("te.scratch");
    int64_t need = in.getDimSize(1) * in.getDimSize(2) * width(dw.getInput());
    if (!scratch || scratch.size() != 2 || scratch[1] < need)
      return "it needs a te.scratch of at least " + std::to_string(need) +
             " bytes (one input channel)";
    return "";
  }
  if (isa<ClampOp>(op) ||
      (isa<QuantizeOp>(op) &&
       getQuantizedElementType(op->getOperand(0).getType()))) {
    if (width(op->getOperand(0)) != width(result))
      return "input and output elements differ in size";
    return "";
  }
  if (isa<AddOp, MulOp>(op)) {
    Value v = op->getOperand(k);
    if (cast<ShapedType>(v.getType()).getShape() !=
        cast<ShapedType>(result.getType()).getShape())
      return "the operand is broadcast (its shape is not the result's)";
    if (width(v) != width(result))
      return "input and output elements differ in size";
    if (ownerOf(op->getOperand(1 - k)) == ownerOf(v))
      return "the other operand reads the same bytes";
    return "";
  }
  if (auto ins = dyn_cast<InsertSliceOp>(op)) {
    if (k != 1 || !ins.getDest())
      return "an insert_slice can only overwrite its destination";
    if (ownerOf(ins.getPatch()) == ownerOf(ins.getDest()))
      return "the patch reads the same bytes";
    return "";
  }
  return "its kernel reads inputs after writing outputs";
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
    Block &block = func.getBody().front();
    llvm::DenseMap<Operation *, int64_t> pos;
    int64_t p = 0;
    for (Operation &op : block)
      pos[&op] = p++;

    SmallVector<Placed> placed;
    llvm::DenseMap<Value, unsigned> placedOf;
    // Pairs (input buffer, result buffer) of in-place ops: they share bytes
    // at that op by design.
    llvm::DenseSet<std::pair<unsigned, unsigned>> sharing;
    bool ok = true;
    auto add = [&](Placed b, Operation *diagOp) -> bool {
      if (b.begin < 0 || b.end > arena) {
        InFlightDiagnostic d = diagOp ? diagOp->emitError() : func.emitError();
        d << b.what << " bytes [" << b.begin << ", " << b.end
          << ") lie outside the arena [0, " << arena << ")";
        ok = false;
        return false;
      }
      placed.push_back(std::move(b));
      return true;
    };

    for (BlockArgument arg : block.getArguments()) {
      auto offset =
          func.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(), "te.offset");
      std::string what = "input " + std::to_string(arg.getArgNumber());
      if (!offset) {
        func.emitError() << what << " has no te.offset";
        ok = false;
        continue;
      }
      int64_t begin = offset.getInt();
      if (add({what, arg.getLoc(), begin, begin + bytesOf(arg.getType()), 0,
               std::max<int64_t>(0, lastRead(arg, pos))},
              nullptr))
        placedOf[arg] = placed.size() - 1;
    }
    for (Operation &op : block) {
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
      std::string what = "result";
      int64_t begin = offset.getInt();
      if (!add({what, op.getLoc(), begin, begin + bytesOf(result.getType()),
                pos[&op], std::max(pos[&op], lastRead(result, pos))},
               &op))
        continue;
      unsigned self = placed.size() - 1;
      placedOf[result] = self;
      if (auto scratch = op.getAttrOfType<DenseI64ArrayAttr>("te.scratch")) {
        if (scratch.size() != 2 || scratch[1] < 0) {
          op.emitError() << "te.scratch must be [offset, bytes]";
          ok = false;
        } else {
          add({"scratch", op.getLoc(), scratch[0], scratch[0] + scratch[1],
               pos[&op], pos[&op]},
              &op);
        }
      }
      auto inplace = op.getAttrOfType<IntegerAttr>("te.inplace");
      if (!inplace)
        continue;
      int64_t k = inplace.getInt();
      if (k < 0 || k >= op.getNumOperands()) {
        op.emitError() << "te.inplace names operand " << k << " of "
                       << op.getNumOperands();
        ok = false;
        continue;
      }
      if (std::string why = whyNotInplace(&op, k); !why.empty()) {
        op.emitError() << "cannot run in place over operand " << k << ": "
                       << why;
        ok = false;
        continue;
      }
      Value victim = ownerOf(op.getOperand(k));
      auto it = placedOf.find(victim);
      if (it == placedOf.end()) {
        op.emitError() << "runs in place over operand " << k
                       << ", which has no arena buffer";
        ok = false;
        continue;
      }
      const Placed &v = placed[it->second];
      if (v.begin != begin) {
        op.emitError() << "runs in place over operand " << k << " at byte "
                       << v.begin << " but its result is at byte " << begin;
        ok = false;
      }
      if (v.last > pos[&op]) {
        Operation *later = nullptr;
        for (Operation &o : block)
          if (pos[&o] == v.last)
            later = &o;
        InFlightDiagnostic d = op.emitError()
                               << "runs in place over operand " << k
                               << ", which is still read afterwards";
        if (later)
          d.attachNote(later->getLoc())
              << "read here by '" << later->getName() << "'";
        ok = false;
      }
      sharing.insert({it->second, self});
    }

    for (size_t i = 0; i < placed.size(); ++i) {
      for (size_t j = i + 1; j < placed.size(); ++j) {
        const Placed &a = placed[i], &b = placed[j];
        bool liveTogether = a.first <= b.last && b.first <= a.last;
        bool shareBytes = a.begin < b.end && b.begin < a.end;
        if (!liveTogether || !shareBytes ||
            sharing.contains({unsigned(i), unsigned(j)}))
          continue;
        InFlightDiagnostic diag = mlir::emitError(b.loc)
                                  << b.what << " bytes [" << b.begin << ", "
                                  << b.end << ") overlap the " << a.what
                                  << " bytes [" << a.begin << ", " << a.end
                                  << ") while both are live";
        diag.attachNote(a.loc) << "the other buffer";
        ok = false;
      }
    }
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
