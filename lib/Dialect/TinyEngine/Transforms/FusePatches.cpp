//===- FusePatches.cpp - patch-based execution of layer sequences ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-fuse-patches. A region is a contiguous run of spatial ops
// (sliding-window and element-wise ops on 1xHxWxC tensors) that reads one
// tensor from outside (its input) and leaves one tensor used outside (its
// output). Rewriting it for a grid of patches of the output: for every
// patch, the window each value must have is propagated backwards through
// the region (a sliding-window op's receptive field, clipped to the image;
// element-wise ops keep the window), each op is cloned to compute exactly
// its window (the original padding kept only where the window touches the
// image border), the input windows are cut out with te.slice, and the patch
// goes into the output with te.insert_slice.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Analysis/Cost.h"
#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <optional>

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINEFUSEPATCHES
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

constexpr StringLiteral kPatchAttr = "te.patch";

/// A half-open range of rows or columns.
struct Span {
  int64_t lo = 0, hi = 0;
  int64_t size() const { return hi - lo; }
  bool operator==(const Span &o) const { return lo == o.lo && hi == o.hi; }
};

/// A window of rows (y) and columns (x).
struct Window {
  Span y, x;
  bool operator==(const Window &o) const { return y == o.y && x == o.x; }
};

Window unite(const Window &a, const Window &b) {
  return {{std::min(a.y.lo, b.y.lo), std::max(a.y.hi, b.y.hi)},
          {std::min(a.x.lo, b.x.lo), std::max(a.x.hi, b.x.hi)}};
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

bool isImage(Value v) {
  ArrayRef<int64_t> s = shapeOf(v);
  return s.size() == 4 && s[0] == 1;
}

/// A sliding window along one axis: effective kernel extent, stride, and
/// the padding before the first row (column).
struct Slide {
  int64_t extent = 1, stride = 1, pad = 0;
};

/// The windows of a sliding-window op along H and W (none for element-wise
/// ops).
std::optional<std::pair<Slide, Slide>> slidesOf(Operation *op) {
  auto make = [](ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                 ArrayRef<int64_t> pad, ArrayRef<int64_t> dilation) {
    return std::make_pair(
        Slide{(kernel[0] - 1) * dilation[0] + 1, stride[0], pad[0]},
        Slide{(kernel[1] - 1) * dilation[1] + 1, stride[1], pad[1]});
  };
  if (auto c = dyn_cast<Conv2DOp>(op)) {
    ArrayRef<int64_t> w = shapeOf(c.getWeight());
    return make({w[1], w[2]}, c.getStride(), c.getPad(), c.getDilation());
  }
  if (auto c = dyn_cast<DepthwiseConv2DOp>(op)) {
    ArrayRef<int64_t> w = shapeOf(c.getWeight());
    return make({w[0], w[1]}, c.getStride(), c.getPad(), c.getDilation());
  }
  if (auto p = dyn_cast<AvgPool2DOp>(op))
    return make(p.getKernel(), p.getStride(), p.getPad(), {1, 1});
  if (auto p = dyn_cast<MaxPool2DOp>(op))
    return make(p.getKernel(), p.getStride(), p.getPad(), {1, 1});
  return std::nullopt;
}

/// The operands of `op` that are images read through a window (the others
/// are constants).
SmallVector<unsigned> imageOperands(Operation *op) {
  if (isa<Conv2DOp, DepthwiseConv2DOp, AvgPool2DOp, MaxPool2DOp, ClampOp,
          QuantizeOp>(op))
    return {0};
  if (isa<AddOp, MulOp>(op))
    return {0, 1};
  return {};
}

/// True if a patch can compute `op`: each output value depends on a window
/// of its image operands, which have the result's batch of 1 and (for
/// element-wise ops) its shape; weights and biases are constants.
bool isSpatial(Operation *op) {
  if (op->hasAttr(kPatchAttr) || op->getNumResults() != 1 ||
      !isImage(op->getResult(0)))
    return false;
  SmallVector<unsigned> images = imageOperands(op);
  if (images.empty())
    return false;
  bool sliding = slidesOf(op).has_value();
  for (auto [k, operand] : llvm::enumerate(op->getOperands())) {
    bool image = llvm::is_contained(images, k);
    if (!image) {
      if (!operand.getDefiningOp<ConstantOp>())
        return false;
      continue;
    }
    if (!isImage(operand) || operand.getDefiningOp<ConstantOp>())
      return false;
    if (!sliding && shapeOf(operand) != shapeOf(op->getResult(0)))
      return false;
  }
  return true;
}

/// Rows (or columns) of the input an output span reads, clipped to the
/// image of `size`, and the padding the clipped window needs before and
/// after.
Span inputSpan(Span out, const Slide &s, int64_t size, int64_t *before,
               int64_t *after) {
  int64_t lo = out.lo * s.stride - s.pad;
  int64_t hi = (out.hi - 1) * s.stride - s.pad + s.extent;
  if (before)
    *before = std::max<int64_t>(0, -lo);
  if (after)
    *after = std::max<int64_t>(0, hi - size);
  return {std::max<int64_t>(0, lo), std::min(size, hi)};
}

/// The window of image operand `k` that `op` reads to compute `out`.
Window inputWindow(Operation *op, unsigned k, const Window &out) {
  auto slides = slidesOf(op);
  if (!slides)
    return out;
  ArrayRef<int64_t> in = shapeOf(op->getOperand(k));
  return {inputSpan(out.y, slides->first, in[1], nullptr, nullptr),
          inputSpan(out.x, slides->second, in[2], nullptr, nullptr)};
}

/// A region: ops by their positions in the block (so that it can be found
/// again in a clone of the function).
struct Region {
  SmallVector<int64_t> positions;
};

/// Positions of the ops of `block`.
SmallVector<Operation *> opsOf(Block &block) {
  SmallVector<Operation *> ops;
  for (Operation &op : block)
    ops.push_back(&op);
  return ops;
}

/// The input and output of a run of ops, if it is a region.
std::optional<std::pair<Value, Value>> regionEnds(ArrayRef<Operation *> ops) {
  llvm::SmallPtrSet<Operation *, 16> inside(ops.begin(), ops.end());
  Value input, output;
  for (Operation *op : ops) {
    if (!isSpatial(op))
      return std::nullopt;
    for (unsigned k : imageOperands(op)) {
      Value v = op->getOperand(k);
      Operation *def = v.getDefiningOp();
      if (def && inside.contains(def))
        continue;
      if (input && input != v)
        return std::nullopt;
      input = v;
    }
    Value result = op->getResult(0);
    bool outside = llvm::any_of(result.getUsers(), [&](Operation *user) {
      return !inside.contains(user);
    });
    if (outside) {
      if (output)
        return std::nullopt;
      output = result;
    }
  }
  if (!input || !output || !isImage(input))
    return std::nullopt;
  return std::make_pair(input, output);
}

/// What a layer call costs besides its arithmetic (entering it, setting up
/// its loops, requantization tables), in MAC-equivalents: the cost model's
/// unit, at about two Cortex-M instructions a MAC.
constexpr int64_t kCallCost = 64;

/// What a depthwise convolution spends per input element besides its MACs
/// (the specialized kernel gathers each channel into a padded scratch
/// buffer: a load, a store and the loop), in MAC-equivalents. Patches whose
/// input windows overlap gather the overlap again.
constexpr int64_t kGatherCost = 2;

/// Result of a rewrite.
struct Rewrite {
  int64_t extraMacs = 0;
  /// Modelled extra work in MAC-equivalents: the extra MACs, kCallCost per
  /// extra layer call, kGatherCost per depthwise input element gathered
  /// again, and one per 8 bytes copied by te.slice, te.concat and
  /// te.insert_slice (a word load and store move 4 bytes in two
  /// instructions).
  int64_t overhead = 0;
  int64_t patches = 0;
};

/// Rewrites the region `ops` (input, output) of a function for patches of
/// `rows` x `cols` output pixels; `id` numbers the region in te.patch.
/// With `carry` (bands of whole rows only), rows of an intermediate tensor
/// that the previous band computed are not recomputed: the band takes them
/// from the previous band's tensor (te.slice) and appends the rows it
/// computes (te.concat along H) -- line buffers as tall as the consumer's
/// window, at the price of copying them.
Rewrite rewriteRegion(ArrayRef<Operation *> ops, Value input, Value output,
                      int64_t rows, int64_t cols, int64_t id, bool carry) {
  Rewrite result;
  MLIRContext *ctx = output.getContext();
  OpBuilder b(ops.back());
  ArrayRef<int64_t> outShape = shapeOf(output);
  int64_t H = outShape[1], W = outShape[2];
  int64_t before = 0;
  for (Operation *op : ops)
    before += getMacs(op);
  int64_t after = 0, copied = 0, calls = 0, gathered = 0;
  for (Operation *op : ops)
    if (isa<DepthwiseConv2DOp>(op))
      gathered -=
          cast<ShapedType>(op->getOperand(0).getType()).getNumElements();
  Value assembled;
  int64_t patch = 0;
  carry = carry && cols >= W;
  // With carry: each intermediate value's tensor in the previous band.
  llvm::DenseMap<Value, std::pair<Value, Window>> previous;
  for (int64_t y0 = 0; y0 < H; y0 += rows) {
    for (int64_t x0 = 0; x0 < W; x0 += cols, ++patch) {
      auto tag = b.getDenseI64ArrayAttr({id, patch});
      Window tile{{y0, std::min(H, y0 + rows)}, {x0, std::min(W, x0 + cols)}};
      // The window every value must have, from the output back.
      llvm::DenseMap<Value, Window> need;
      need[output] = tile;
      for (Operation *op : llvm::reverse(ops)) {
        auto it = need.find(op->getResult(0));
        if (it == need.end())
          continue;
        Window out = it->second;
        for (unsigned k : imageOperands(op)) {
          Value v = op->getOperand(k);
          Window in = inputWindow(op, k, out);
          auto [slot, fresh] = need.try_emplace(v, in);
          if (!fresh)
            slot->second = unite(slot->second, in);
        }
      }
      // The clones, in the region's order.
      llvm::DenseMap<Value, Value> patchOf;
      auto window = [&](Value whole, Value from, const Window &have,
                        const Window &want, Location loc) -> Value {
        if (have == want)
          return from;
        ArrayRef<int64_t> s = shapeOf(whole);
        auto type = RankedTensorType::get(
            {1, want.y.size(), want.x.size(), s[3]},
            cast<ShapedType>(whole.getType()).getElementType());
        auto slice =
            SliceOp::create(b, loc, type, from,
                            b.getDenseI64ArrayAttr({want.y.lo - have.y.lo,
                                                    want.x.lo - have.x.lo}));
        slice->setAttr(kPatchAttr, tag);
        copied += getTensorBytes(type);
        ++calls;
        return slice;
      };
      for (Operation *op : ops) {
        Value res = op->getResult(0);
        auto it = need.find(res);
        if (it == need.end())
          continue;
        Window out = it->second;
        auto name = [&](StringRef what) {
          std::string base = "patch";
          op->getLoc()->walk([&](Location l) {
            if (auto n = dyn_cast<NameLoc>(l)) {
              base = n.getName().str();
              return WalkResult::interrupt();
            }
            return WalkResult::advance();
          });
          return NameLoc::get(StringAttr::get(
              ctx, llvm::formatv("{0}:{1}{2}", base, what, patch).str()));
        };
        // With carry, the rows the previous band has are taken from it.
        Window full = out;
        Value kept;
        if (auto prev = previous.find(res);
            carry && res != output && prev != previous.end() &&
            prev->second.second.y.hi > out.y.lo) {
          Window had = prev->second.second;
          Window reuse{{out.y.lo, std::min(out.y.hi, had.y.hi)}, out.x};
          kept = window(res, prev->second.first, had, reuse, name("keep"));
          if (reuse.y.hi == out.y.hi) {
            patchOf[res] = kept;
            previous[res] = {kept, full};
            continue;
          }
          out.y.lo = reuse.y.hi;
        }
        IRMapping map;
        for (unsigned k : imageOperands(op)) {
          Value v = op->getOperand(k);
          Window want = inputWindow(op, k, out);
          Value from;
          if (v == input) {
            ArrayRef<int64_t> s = shapeOf(v);
            from = window(v, v, {{0, s[1]}, {0, s[2]}}, want, name("in"));
          } else {
            from =
                window(v, patchOf.lookup(v), need.lookup(v), want, name("in"));
          }
          map.map(v, from);
        }
        Operation *clone = b.clone(*op, map);
        clone->setLoc(name("p"));
        clone->setAttr(kPatchAttr, tag);
        ArrayRef<int64_t> s = shapeOf(res);
        clone->getResult(0).setType(RankedTensorType::get(
            {1, out.y.size(), out.x.size(), s[3]},
            cast<ShapedType>(res.getType()).getElementType()));
        if (auto slides = slidesOf(op)) {
          // The padding this window needs: the original one where it meets
          // the border of the image, none inside.
          ArrayRef<int64_t> in = shapeOf(op->getOperand(0));
          int64_t top, bottom, left, right;
          inputSpan(out.y, slides->first, in[1], &top, &bottom);
          inputSpan(out.x, slides->second, in[2], &left, &right);
          clone->setAttr("pad",
                         b.getDenseI64ArrayAttr({top, left, bottom, right}));
        }
        after += getMacs(clone);
        if (isa<DepthwiseConv2DOp>(clone))
          gathered +=
              cast<ShapedType>(clone->getOperand(0).getType()).getNumElements();
        ++calls;
        Value computed = clone->getResult(0);
        if (kept) {
          auto type = RankedTensorType::get(
              {1, full.y.size(), full.x.size(), s[3]},
              cast<ShapedType>(res.getType()).getElementType());
          auto joined = ConcatOp::create(b, name("rows"), type,
                                         ValueRange{kept, computed},
                                         b.getI64IntegerAttr(1));
          joined->setAttr(kPatchAttr, tag);
          copied += getTensorBytes(type);
          ++calls;
          computed = joined;
        }
        patchOf[res] = computed;
        if (carry)
          previous[res] = {computed, full};
      }
      Value piece = patchOf.lookup(output);
      auto insert = InsertSliceOp::create(
          b, output.getLoc(), output.getType(), piece, assembled,
          b.getDenseI64ArrayAttr({tile.y.lo, tile.x.lo}));
      insert->setAttr(kPatchAttr, tag);
      copied += getTensorBytes(piece.getType());
      ++calls;
      assembled = insert;
    }
  }
  output.replaceAllUsesWith(assembled);
  for (Operation *op : llvm::reverse(ops))
    op->erase();
  result.extraMacs = after - before;
  result.overhead = result.extraMacs +
                    kCallCost * (calls - static_cast<int64_t>(ops.size())) +
                    kGatherCost * std::max<int64_t>(0, gathered) + copied / 8;
  result.patches = patch;
  return result;
}

/// The arena as the rest of the pipeline would plan it.
struct Evaluation {
  int64_t bytes = 0;         ///< The arena the planner makes.
  int64_t peakPosition = -1; ///< Where the live bytes peak.
};

std::optional<Evaluation> evaluate(func::FuncOp func, bool specialize,
                                   bool inplace) {
  Builder builder(func.getContext());
  if (specialize)
    for (Operation &op : func.getBody().front()) {
      StringRef kernel = chooseSpecializedKernel(&op);
      if (kernel.empty())
        op.removeAttr("te.kernel");
      else
        op.setAttr("te.kernel", builder.getStringAttr(kernel));
    }
  if (inplace)
    markInplace(func);
  // A problem the model cannot express is no candidate; its diagnostics are
  // not the user's business.
  ScopedDiagnosticHandler quiet(func.getContext(),
                                [](Diagnostic &) { return success(); });
  FailureOr<MemoryProblem> problem = buildMemoryProblem(func);
  if (failed(problem))
    return std::nullopt;
  SmallVector<int64_t> live = problem->liveBytes(8);
  Evaluation e;
  int64_t most = -1;
  for (auto [pos, bytes] : llvm::enumerate(live))
    if (bytes > most) {
      most = bytes;
      e.peakPosition = pos;
    }
  e.bytes = planArena(*problem, PlanStrategy::Best, 8);
  return e;
}

struct Candidate {
  int64_t first = 0, last = 0; ///< Positions in the block, inclusive.
  int64_t rows = 0, cols = 0;
  bool carry = false;
  int64_t bytes = 0, overhead = 0;
};

/// The computing ops (not constants) from position `first` to `last`.
SmallVector<Operation *> runOf(ArrayRef<Operation *> ops, int64_t first,
                               int64_t last) {
  SmallVector<Operation *> run;
  for (int64_t p = first; p <= last; ++p)
    if (!isa<ConstantOp>(ops[p]))
      run.push_back(ops[p]);
  return run;
}

/// A patch size to try: rows x cols, and whether bands carry the rows they
/// share over instead of recomputing them.
struct PatchSize {
  int64_t rows, cols;
  bool carry;
  bool operator==(const PatchSize &o) const {
    return rows == o.rows && cols == o.cols && carry == o.carry;
  }
};

/// Patch sizes to try for an output of H x W: bands of whole rows (2 to 16
/// of them recomputing their halos; any number carrying them over), and
/// n x n tiles (n = 2 to 6).
SmallVector<PatchSize> patchSizes(int64_t H, int64_t W) {
  SmallVector<PatchSize> sizes;
  auto add = [&](int64_t r, int64_t c, bool carry) {
    PatchSize p{r, c, carry};
    if ((r < H || c < W) && !llvm::is_contained(sizes, p))
      sizes.push_back(p);
  };
  for (int64_t n = 2; n <= 16; ++n)
    add((H + n - 1) / n, W, false);
  for (int64_t n = 2; n <= H; ++n)
    add((H + n - 1) / n, W, true);
  for (int64_t n = 2; n <= 6; ++n)
    add((H + n - 1) / n, (W + n - 1) / n, false);
  return sizes;
}

struct FusePatchesPass
    : mcunet::te::impl::TinyEngineFusePatchesBase<FusePatchesPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func.getBody().hasOneBlock())
      return;
    if (!(maxOverhead >= 0) || maxOps < 1 || maxRegions < 0 || budget < 0 ||
        patchRows < 0 || patchCols < 0) {
      func.emitError() << "te-fuse-patches: budget, max-overhead, "
                          "max-regions, patch-rows and patch-cols must not be "
                          "negative, max-ops must be at least 1";
      return signalPassFailure();
    }
    int64_t totalMacs = 0;
    func.walk([&](Operation *op) { totalMacs += getMacs(op); });
    int64_t allowed = static_cast<int64_t>(maxOverhead * totalMacs);
    int64_t spent = 0;

    for (int64_t id = 1; id <= maxRegions; ++id) {
      auto current = [&]() -> std::optional<Evaluation> {
        func::FuncOp copy = func.clone();
        auto e = evaluate(copy, specialize, inplace);
        copy.erase();
        return e;
      }();
      if (!current || (budget && current->bytes <= budget))
        return;
      SmallVector<Operation *> ops = opsOf(func.getBody().front());
      int64_t peak = current->peakPosition;
      if (peak < 0 || peak >= static_cast<int64_t>(ops.size()) ||
          !isSpatial(ops[peak]))
        break;

      // Runs of spatial ops around the peak, at most maxOps long.
      SmallVector<int64_t> computing;
      for (auto [p, op] : llvm::enumerate(ops))
        if (!isa<ConstantOp>(op))
          computing.push_back(p);
      int64_t at = llvm::find(computing, peak) - computing.begin();
      int64_t n = computing.size();
      SmallVector<Candidate> candidates;
      for (int64_t lo = at; lo >= 0 && at - lo < maxOps; --lo) {
        if (!isSpatial(ops[computing[lo]]))
          break;
        for (int64_t hi = at; hi < n && hi - lo < maxOps; ++hi) {
          if (!isSpatial(ops[computing[hi]]))
            break;
          SmallVector<Operation *> run =
              runOf(ops, computing[lo], computing[hi]);
          auto ends = regionEnds(run);
          if (!ends)
            continue;
          ArrayRef<int64_t> out = shapeOf(ends->second);
          SmallVector<PatchSize> sizes;
          if (patchRows || patchCols)
            sizes.push_back(
                {patchRows ? std::min<int64_t>(patchRows, out[1]) : out[1],
                 patchCols ? std::min<int64_t>(patchCols, out[2]) : out[2],
                 carryRows});
          else
            sizes = patchSizes(out[1], out[2]);
          for (auto [rows, cols, carry] : sizes) {
            func::FuncOp copy = func.clone();
            SmallVector<Operation *> copyOps = opsOf(copy.getBody().front());
            SmallVector<Operation *> copyRun =
                runOf(copyOps, computing[lo], computing[hi]);
            auto copyEnds = regionEnds(copyRun);
            if (!copyEnds) { // The clone has the same ops: cannot happen.
              copy.erase();
              continue;
            }
            Rewrite r = rewriteRegion(copyRun, copyEnds->first,
                                      copyEnds->second, rows, cols, id, carry);
            std::optional<Evaluation> e;
            if (spent + r.overhead <= allowed)
              e = evaluate(copy, specialize, inplace);
            copy.erase();
            if (e)
              candidates.push_back({computing[lo], computing[hi], rows, cols,
                                    carry, e->bytes, r.overhead});
          }
        }
      }
      if (candidates.empty())
        break;
      // The smallest arena (with a budget: the fewest extra MACs among
      // those that fit), then the fewest extra MACs among those within 1%.
      const Candidate *best = nullptr;
      int64_t smallest = llvm::min_element(candidates, [](auto &a, auto &b) {
                           return a.bytes < b.bytes;
                         })->bytes;
      int64_t limit = budget && smallest <= budget ? int64_t(budget)
                                                   : smallest + smallest / 100;
      for (const Candidate &c : candidates)
        if (c.bytes <= limit &&
            (!best || c.overhead < best->overhead ||
             (c.overhead == best->overhead && c.bytes < best->bytes)))
          best = &c;
      if (best->bytes >= current->bytes)
        break;
      SmallVector<Operation *> run = runOf(ops, best->first, best->last);
      std::string names;
      for (Operation *op : run)
        names += (names.empty() ? "" : ", ") +
                 getMemoryLabel(op, llvm::find(ops, op) - ops.begin());
      auto ends = regionEnds(run);
      if (!ends)
        break;
      Rewrite r = rewriteRegion(run, ends->first, ends->second, best->rows,
                                best->cols, id, best->carry);
      spent += r.overhead;
      if (report)
        func.emitRemark() << llvm::formatv(
            "fuse-patches: region {0}: {1} patches of {2}x{3}{11} over [{4}]; "
            "arena {5} -> {6} B; +{7} MACs, modelled overhead {8} "
            "(+{9:F2}% of {10} MACs)",
            id, r.patches, best->rows, best->cols, names, current->bytes,
            best->bytes, r.extraMacs, r.overhead,
            totalMacs ? 100.0 * r.overhead / totalMacs : 0.0, totalMacs,
            best->carry ? " (shared rows carried over)" : "");
    }
  }
};

} // namespace
