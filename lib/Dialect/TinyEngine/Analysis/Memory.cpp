//===- Memory.cpp - the arena model: buffers, lifetimes, planners ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <functional>
#include <numeric>

using namespace mlir;
using namespace mcunet::te;

//===----------------------------------------------------------------------===//
// In-place candidates and scratch
//===----------------------------------------------------------------------===//

/// True if no operand of `op` other than `k` reads the buffer of operand k.
static bool onlyReaderOfItsBuffer(Operation *op, unsigned k) {
  Value root = getBufferRoot(op->getOperand(k));
  for (auto [i, operand] : llvm::enumerate(op->getOperands()))
    if (i != k && getBufferRoot(operand) == root)
      return false;
  return true;
}

/// The specialized depthwise kernel (te.kernel = "depthwise") works on one
/// zero-point padded input channel at a time.
static int64_t paddedChannelBytes(DepthwiseConv2DOp dw) {
  auto in = dw.getInput().getType();
  ArrayRef<int64_t> pad = dw.getPad();
  return (in.getDimSize(1) + pad[0] + pad[2]) *
         (in.getDimSize(2) + pad[1] + pad[3]) * getElementBytes(in);
}

static bool isSpecializedDepthwise(Operation *op) {
  auto kernel = op->getAttrOfType<StringAttr>("te.kernel");
  return kernel && kernel.getValue() == "depthwise";
}

int64_t mcunet::te::getInplaceScratchBytes(Operation *op) {
  auto dw = dyn_cast<DepthwiseConv2DOp>(op);
  if (!dw)
    return 0;
  if (isSpecializedDepthwise(op))
    return paddedChannelBytes(dw);
  auto in = dw.getInput().getType();
  return in.getDimSize(1) * in.getDimSize(2) * getElementBytes(in);
}

SmallVector<unsigned> mcunet::te::getInplaceCandidates(Operation *op,
                                                       bool depthwise,
                                                       bool elementwise) {
  SmallVector<unsigned> result;
  if (op->getNumResults() != 1)
    return result;
  Type outType = op->getResult(0).getType();
  auto sameBytesPerElement = [&](Value v) {
    return getElementBytes(v.getType()) == getElementBytes(outType);
  };
  if (auto dw = dyn_cast<DepthwiseConv2DOp>(op)) {
    if (!depthwise || dw.getChannelMultiplier() != 1 ||
        !sameBytesPerElement(dw.getInput()))
      return result;
    auto in = dw.getInput().getType(), out = dw.getOutput().getType();
    // Images after the first must not be overwritten before they are read:
    // with several images the output may not be larger than the input.
    if (in.getDimSize(0) > 1 && out.getDimSize(1) * out.getDimSize(2) >
                                    in.getDimSize(1) * in.getDimSize(2))
      return result;
    // Worth it only if the temporary is no larger than what is saved.
    int64_t saved = std::min(getTensorBytes(in), getTensorBytes(out));
    if (getInplaceScratchBytes(op) > saved)
      return result;
    result.push_back(0);
    return result;
  }
  // A patch written into the tensor being assembled: always in place (the
  // copy of the rest is what it saves).
  if (auto ins = dyn_cast<InsertSliceOp>(op)) {
    if (ins.getDest() && onlyReaderOfItsBuffer(op, 1))
      result.push_back(1);
    return result;
  }
  if (!elementwise)
    return result;
  if (isa<ClampOp>(op)) {
    if (sameBytesPerElement(op->getOperand(0)))
      result.push_back(0);
    return result;
  }
  if (auto q = dyn_cast<QuantizeOp>(op)) {
    // Requantization only: a float input is wider than its output.
    if (getQuantizedElementType(q.getInput().getType()) &&
        sameBytesPerElement(q.getInput()))
      result.push_back(0);
    return result;
  }
  if (isa<AddOp, MulOp>(op)) {
    for (unsigned k = 0; k < 2; ++k) {
      Value v = op->getOperand(k);
      if (cast<ShapedType>(v.getType()).getShape() ==
              cast<ShapedType>(outType).getShape() &&
          sameBytesPerElement(v) && onlyReaderOfItsBuffer(op, k))
        result.push_back(k);
    }
  }
  return result;
}

std::optional<unsigned> mcunet::te::getInplaceOperand(Operation *op) {
  auto attr = op->getAttrOfType<IntegerAttr>(kInplaceAttr);
  if (!attr)
    return std::nullopt;
  return static_cast<unsigned>(attr.getInt());
}

int64_t mcunet::te::getIm2colColumnLength(Operation *op) {
  auto conv = dyn_cast<Conv2DOp>(op);
  if (!conv)
    return 0;
  auto w = conv.getWeight().getType().getShape();
  return (w[1] * w[2] * w[3] + 3) / 4 * 4;
}

int64_t mcunet::te::getPointwiseColumnBytes(Operation *op) {
  auto conv = dyn_cast<Conv2DOp>(op);
  auto kernel = op->getAttrOfType<StringAttr>("te.kernel");
  if (!conv || !kernel || kernel.getValue() != "pointwise")
    return 0;
  auto out = conv.getOutput().getType().getShape();
  if (out[0] * out[1] * out[2] < 2)
    return 0;
  int64_t rows = 2;
  if (auto tile = op->getAttrOfType<DenseI64ArrayAttr>("te.tile");
      tile && tile.size() == 2)
    rows = tile[0];
  if (rows != 2 && rows != 3)
    return 0;
  int64_t channels = conv.getInput().getType().getDimSize(3);
  if (channels % 2)
    return 0;
  return rows * channels * 2;
}

int64_t mcunet::te::getScratchBytes(Operation *op) {
  if (auto kernel = op->getAttrOfType<StringAttr>("te.kernel");
      kernel && kernel.getValue() == "im2col") {
    // Two int16 columns, or three with te.tile [3, 2].
    auto tile = op->getAttrOfType<DenseI64ArrayAttr>("te.tile");
    int64_t rows = tile && tile.size() == 2 && tile[0] == 3 ? 3 : 2;
    return rows * getIm2colColumnLength(op) * 2;
  }
  if (int64_t bytes = getPointwiseColumnBytes(op))
    return bytes;
  auto dw = dyn_cast<DepthwiseConv2DOp>(op);
  if (!dw)
    return 0;
  if (isSpecializedDepthwise(op))
    return paddedChannelBytes(dw);
  if (getInplaceOperand(op))
    return getInplaceScratchBytes(op);
  return 0;
}

std::string mcunet::te::getMemoryLabel(Operation *op, int64_t position) {
  std::function<std::string(Location)> nameOf = [&](Location loc) {
    if (auto name = dyn_cast<NameLoc>(loc))
      return name.getName().str();
    if (auto fused = dyn_cast<FusedLoc>(loc))
      for (Location inner : fused.getLocations())
        if (std::string n = nameOf(inner); !n.empty())
          return n;
    return std::string();
  };
  std::string name = nameOf(op->getLoc());
  if (!name.empty())
    return name;
  return op->getName().getStringRef().str() + " #" + std::to_string(position);
}

//===----------------------------------------------------------------------===//
// The problem
//===----------------------------------------------------------------------===//

/// The last position at which `v` (or a reshape of it) is read; `floor` if
/// it is never read.
static int64_t lastRead(Value v,
                        const llvm::DenseMap<Operation *, int64_t> &pos,
                        int64_t floor) {
  int64_t last = floor;
  for (Operation *user : v.getUsers()) {
    last = std::max(last, pos.lookup(user));
    if (isa<ReshapeOp>(user))
      last = std::max(last, lastRead(user->getResult(0), pos, floor));
  }
  return last;
}

FailureOr<MemoryProblem> mcunet::te::buildMemoryProblem(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "the memory planner expects a single-block "
                               "function",
           failure();
  Block &block = func.getBody().front();
  llvm::DenseMap<Operation *, int64_t> pos;
  int64_t p = 0;
  for (Operation &op : block)
    pos[&op] = p++;

  MemoryProblem problem;
  problem.numPositions = p;
  llvm::DenseMap<Value, unsigned> bufferOf;
  auto addBuffer = [&](ArenaBuffer b) {
    b.group = problem.numGroups++;
    problem.buffers.push_back(std::move(b));
    return problem.buffers.size() - 1;
  };
  for (BlockArgument arg : block.getArguments()) {
    ArenaBuffer b;
    b.kind = ArenaBuffer::Kind::Input;
    b.argNumber = arg.getArgNumber();
    b.size = getTensorBytes(arg.getType());
    b.first = 0;
    b.last = lastRead(arg, pos, 0);
    b.label = block.getNumArguments() == 1
                  ? std::string("input")
                  : "input" + std::to_string(arg.getArgNumber());
    bufferOf[arg] = addBuffer(std::move(b));
  }
  for (Operation &op : block) {
    if (!isa<TinyEngineDialect>(op.getDialect()) ||
        isa<ConstantOp, ReshapeOp>(op))
      continue;
    if (op.getNumResults() != 1)
      return op.emitError() << "the memory planner expects single-result ops",
             failure();
    Value result = op.getResult(0);
    ArenaBuffer b;
    b.kind = ArenaBuffer::Kind::Result;
    b.owner = &op;
    b.size = getTensorBytes(result.getType());
    b.first = pos[&op];
    b.last = lastRead(result, pos, pos[&op]);
    b.label = getMemoryLabel(&op, pos[&op]);
    unsigned index = addBuffer(std::move(b));
    bufferOf[result] = index;
    if (std::optional<unsigned> k = getInplaceOperand(&op)) {
      if (*k >= op.getNumOperands())
        return op.emitError() << "te.inplace names operand " << *k
                              << " of an op with " << op.getNumOperands(),
               failure();
      auto it = bufferOf.find(getBufferRoot(op.getOperand(*k)));
      if (it == bufferOf.end())
        return op.emitError() << "te.inplace names operand " << *k
                              << ", which has no arena buffer (a constant?)",
               failure();
      problem.buffers[index].group = problem.buffers[it->second].group;
      --problem.numGroups;
    }
    if (int64_t scratch = getScratchBytes(&op)) {
      ArenaBuffer s;
      s.kind = ArenaBuffer::Kind::Scratch;
      s.owner = &op;
      s.size = scratch;
      s.first = s.last = pos[&op];
      s.label = getMemoryLabel(&op, pos[&op]) + " (scratch)";
      addBuffer(std::move(s));
    }
  }
  // Groups were numbered with gaps where in-place results joined an
  // existing one; renumber densely.
  llvm::DenseMap<unsigned, unsigned> dense;
  for (ArenaBuffer &b : problem.buffers)
    b.group = dense.try_emplace(b.group, dense.size()).first->second;
  problem.numGroups = dense.size();
  return problem;
}

LogicalResult mcunet::te::readPlannedOffsets(func::FuncOp func,
                                             MemoryProblem &problem) {
  for (ArenaBuffer &b : problem.buffers) {
    IntegerAttr attr;
    switch (b.kind) {
    case ArenaBuffer::Kind::Input:
      attr = func.getArgAttrOfType<IntegerAttr>(b.argNumber, kArgOffsetAttr);
      break;
    case ArenaBuffer::Kind::Result:
      attr = b.owner->getAttrOfType<IntegerAttr>(kOffsetAttr);
      break;
    case ArenaBuffer::Kind::Scratch:
      if (auto s = b.owner->getAttrOfType<DenseI64ArrayAttr>(kScratchAttr);
          s && s.size() == 2) {
        b.offset = s[0];
        continue;
      }
      break;
    }
    if (!attr)
      return func.emitError() << "'" << b.label
                              << "' has no arena offset: run --te-plan-memory",
             failure();
    b.offset = attr.getInt();
  }
  return success();
}

SmallVector<int64_t> MemoryProblem::liveBytes(int64_t alignment) const {
  SmallVector<int64_t> bytes(numPositions, 0);
  // Per position, the largest live member of each group.
  llvm::DenseMap<unsigned, int64_t> widest;
  for (int64_t p = 0; p < numPositions; ++p) {
    widest.clear();
    for (const ArenaBuffer &b : buffers)
      if (b.first <= p && p <= b.last) {
        int64_t &w = widest[b.group];
        w = std::max(w, b.size);
      }
    for (auto &entry : widest)
      bytes[p] += (entry.second + alignment - 1) / alignment * alignment;
  }
  return bytes;
}

int64_t MemoryProblem::lowerBound(int64_t alignment) const {
  SmallVector<int64_t> bytes = liveBytes(alignment);
  return bytes.empty() ? 0 : *llvm::max_element(bytes);
}

int64_t MemoryProblem::naiveTotal() const {
  int64_t total = 0;
  for (const ArenaBuffer &b : buffers)
    total += b.size;
  return total;
}

SmallVector<unsigned> MemoryProblem::liveAt(int64_t position) const {
  SmallVector<unsigned> live;
  for (auto [i, b] : llvm::enumerate(buffers))
    if (b.first <= position && position <= b.last)
      live.push_back(i);
  return live;
}

//===----------------------------------------------------------------------===//
// Planners
//===----------------------------------------------------------------------===//

std::optional<PlanStrategy> mcunet::te::parsePlanStrategy(StringRef name) {
  return llvm::StringSwitch<std::optional<PlanStrategy>>(name)
      .Case("naive", PlanStrategy::Naive)
      .Case("tflm-greedy", PlanStrategy::TflmGreedy)
      .Case("tinyengine-first-fit", PlanStrategy::TinyEngineFirstFit)
      .Case("ours", PlanStrategy::Best)
      .Default(std::nullopt);
}

StringRef mcunet::te::stringifyPlanStrategy(PlanStrategy strategy) {
  switch (strategy) {
  case PlanStrategy::Naive:
    return "naive";
  case PlanStrategy::TflmGreedy:
    return "tflm-greedy";
  case PlanStrategy::TinyEngineFirstFit:
    return "tinyengine-first-fit";
  case PlanStrategy::Best:
    return "ours";
  }
  return "";
}

namespace {

/// A group of buffers placed together (an in-place chain, or one buffer).
struct Group {
  SmallVector<unsigned> members;
  int64_t size = 0;            ///< Largest member.
  int64_t first = 0, last = 0; ///< Union of the members' live ranges.
  int64_t conflictBytes = 0;   ///< Sum of sizes of groups live with it.
  bool atPeak = false;         ///< Live at a position of peak live bytes.
};

enum class Fit { Lowest, Tightest };

class Placer {
public:
  Placer(const MemoryProblem &problem, int64_t alignment)
      : problem(problem), alignment(alignment) {
    groups.resize(problem.numGroups);
    for (auto [i, b] : llvm::enumerate(problem.buffers)) {
      Group &g = groups[b.group];
      if (g.members.empty()) {
        g.first = b.first;
        g.last = b.last;
      }
      g.members.push_back(i);
      g.size = std::max(g.size, b.size);
      g.first = std::min(g.first, b.first);
      g.last = std::max(g.last, b.last);
    }
    SmallVector<int64_t> live = problem.liveBytes();
    int64_t peak = live.empty() ? 0 : *llvm::max_element(live);
    for (Group &g : groups) {
      for (int64_t p = g.first; p <= g.last; ++p)
        g.atPeak |= live[p] == peak;
      for (const Group &o : groups)
        if (&o != &g && o.first <= g.last && g.first <= o.last)
          g.conflictBytes += o.size;
    }
  }

  /// Places the groups in `order` with `fit`; returns the arena size and the
  /// per-buffer offsets in `offsets`.
  int64_t place(ArrayRef<unsigned> order, Fit fit,
                SmallVectorImpl<int64_t> &offsets) const {
    offsets.assign(problem.buffers.size(), -1);
    SmallVector<unsigned> placed; // Buffer indices.
    int64_t arena = 0;
    for (unsigned gi : order) {
      const Group &g = groups[gi];
      // Busy byte ranges, relative to the group's offset, per member.
      SmallVector<std::pair<int64_t, int64_t>> busy; // [lo, hi) absolute
      SmallVector<int64_t> memberSize; // matching busy: the member's size
      for (unsigned m : g.members) {
        const ArenaBuffer &b = problem.buffers[m];
        for (unsigned o : placed) {
          const ArenaBuffer &ob = problem.buffers[o];
          if (ob.first <= b.last && b.first <= ob.last) {
            busy.push_back({offsets[o], offsets[o] + ob.size});
            memberSize.push_back(b.size);
          }
        }
      }
      auto feasible = [&](int64_t offset) {
        for (auto [k, range] : llvm::enumerate(busy))
          if (offset < range.second && range.first < offset + memberSize[k])
            return false;
        return true;
      };
      SmallVector<int64_t> candidates = {0};
      for (auto [lo, hi] : busy)
        candidates.push_back(alignUp(hi));
      llvm::sort(candidates);
      candidates.erase(llvm::unique(candidates), candidates.end());
      int64_t best = -1, bestGap = 0;
      for (int64_t c : candidates) {
        if (!feasible(c))
          continue;
        if (fit == Fit::Lowest) {
          best = c;
          break;
        }
        // Tightest: the smallest gap above the group among what it overlaps
        // in time; a placement on top of everything counts as unbounded, but
        // never beyond the arena so far if it fits below it.
        int64_t gap = std::numeric_limits<int64_t>::max();
        for (auto [lo, hi] : busy)
          if (lo >= c + g.size)
            gap = std::min(gap, lo - (c + g.size));
        if (gap == std::numeric_limits<int64_t>::max() && c + g.size <= arena)
          gap = arena - (c + g.size);
        if (best < 0 || gap < bestGap) {
          best = c;
          bestGap = gap;
        }
      }
      for (unsigned m : g.members) {
        offsets[m] = best;
        placed.push_back(m);
        arena = std::max(arena, best + problem.buffers[m].size);
      }
    }
    return alignUp(arena);
  }

  int64_t alignUp(int64_t v) const {
    return (v + alignment - 1) / alignment * alignment;
  }

  /// Group indices sorted by `less`, ties in program order.
  template <typename Less> SmallVector<unsigned> orderBy(Less less) const {
    SmallVector<unsigned> order(groups.size());
    std::iota(order.begin(), order.end(), 0);
    // Ties in program order (std::stable_sort's temporary buffer is
    // deprecated in the libstdc++ clang builds against).
    llvm::sort(order, [&](unsigned a, unsigned b) {
      if (less(groups[a], groups[b]))
        return true;
      if (less(groups[b], groups[a]))
        return false;
      return a < b;
    });
    return order;
  }

  const MemoryProblem &problem;
  int64_t alignment;
  SmallVector<Group> groups;
};

} // namespace

int64_t mcunet::te::planArena(MemoryProblem &problem, PlanStrategy strategy,
                              int64_t alignment) {
  Placer placer(problem, alignment);
  SmallVector<int64_t> offsets;
  int64_t arena = 0;
  auto bySize = [](const Group &a, const Group &b) { return a.size > b.size; };
  auto byCreation = [](const Group &a, const Group &b) {
    return a.first != b.first ? a.first < b.first : a.size > b.size;
  };
  switch (strategy) {
  case PlanStrategy::Naive: {
    offsets.assign(problem.buffers.size(), 0);
    for (const Group &g : placer.groups) {
      for (unsigned m : g.members)
        offsets[m] = arena;
      arena = placer.alignUp(arena + g.size);
    }
    break;
  }
  case PlanStrategy::TflmGreedy:
    arena = placer.place(placer.orderBy(bySize), Fit::Lowest, offsets);
    break;
  case PlanStrategy::TinyEngineFirstFit:
    arena = placer.place(placer.orderBy(byCreation), Fit::Lowest, offsets);
    break;
  case PlanStrategy::Best: {
    // A portfolio of orders and fit rules; the two classic planners are in
    // it, so the result is never worse than either.
    SmallVector<SmallVector<unsigned>> orders = {
        placer.orderBy(bySize),
        placer.orderBy(byCreation),
        // Tensors live at the peak first: they decide the arena.
        placer.orderBy([](const Group &a, const Group &b) {
          return a.atPeak != b.atPeak ? a.atPeak : a.size > b.size;
        }),
        // Most contended first.
        placer.orderBy([](const Group &a, const Group &b) {
          return a.conflictBytes + a.size > b.conflictBytes + b.size;
        }),
        // Largest area (bytes x lifetime) first.
        placer.orderBy([](const Group &a, const Group &b) {
          return a.size * (a.last - a.first + 1) >
                 b.size * (b.last - b.first + 1);
        }),
        // Longest lived first.
        placer.orderBy([](const Group &a, const Group &b) {
          return a.last - a.first != b.last - b.first
                     ? a.last - a.first > b.last - b.first
                     : a.size > b.size;
        }),
    };
    arena = std::numeric_limits<int64_t>::max();
    SmallVector<int64_t> candidate;
    for (const auto &order : orders) {
      for (Fit fit : {Fit::Lowest, Fit::Tightest}) {
        int64_t size = placer.place(order, fit, candidate);
        if (size < arena) {
          arena = size;
          offsets = candidate;
        }
      }
    }
    break;
  }
  }
  for (auto [b, offset] : llvm::zip(problem.buffers, offsets))
    b.offset = offset;
  return arena;
}
