//===- Tile.cpp - register blocking of the matrix-product kernels ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-tile: sets te.tile (rows x output channels per call of the
// inner loop) on the pointwise and fully connected kernels, from the cost
// model documented in Passes.td, or from the pass options.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINETILE
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

struct Tile {
  int64_t rows, channels;
};

/// In increasing size: ties go to the first. 3 x 2 only over int16
/// columns (Shape::columns).
constexpr Tile kTiles[] = {{1, 1}, {1, 2}, {1, 4}, {2, 2}, {3, 2}};

/// Rows, inner length and output channels of a matrix-product kernel;
/// `columns`: two rows at a time are widened once into int16 columns (the
/// pointwise kernel).
struct Shape {
  int64_t rows = 0, inner = 0, channels = 0;
  bool columns = false;
};

std::optional<Shape> matrixShape(Operation *op) {
  auto kernel = op->getAttrOfType<StringAttr>("te.kernel");
  if (!kernel)
    return std::nullopt;
  if (auto conv = dyn_cast<Conv2DOp>(op); conv && kernel == "pointwise") {
    auto out = conv.getOutput().getType().getShape();
    int64_t inner = conv.getInput().getType().getDimSize(3);
    int64_t rows = out[0] * out[1] * out[2];
    return Shape{rows, inner, out[3],
                 /*columns=*/inner % 2 == 0 && rows >= 2};
  }
  if (auto fc = dyn_cast<FullyConnectedOp>(op);
      fc && kernel == "fully_connected") {
    auto in = fc.getInput().getType().getShape();
    return Shape{in[0], in[1], fc.getWeight().getType().getDimSize(0)};
  }
  return std::nullopt;
}

/// Instructions of one r x c call over `inner` values (Passes.td).
int64_t callCost(int64_t r, int64_t c, int64_t inner) {
  int64_t steps = (inner + 3) / 4;
  return steps * ((r + c) + 2 * (r + c) + 2 * r * c + 1) + 4 + r * c;
}

/// Instructions of one 2 x 2 call over `inner` values already widened into
/// int16 columns (Passes.td).
int64_t columnsCallCost(int64_t inner) {
  int64_t steps = inner / 4;
  return steps * (3 + 4 + 8) + (steps + 1) / 2 + (inner % 4) * 9 + 4 + 4;
}

/// Instructions of widening two rows of `inner` values into int16 columns.
int64_t widenCost(int64_t inner) {
  int64_t steps = inner / 4;
  return steps * (2 + 4 + 4) + (inner % 4) * 5 + 4;
}

/// Instructions of one 3 x 2 call over `inner` values in int16 columns
/// (Passes.td).
int64_t columns3CallCost(int64_t inner) {
  int64_t steps = inner / 4;
  return steps * (1 + 4 + 3 * 5) + (steps / 2) * 3 + (inner % 4) * 13 + 4 + 6;
}

/// Instructions of widening three rows of `inner` values into int16
/// columns.
int64_t widen3Cost(int64_t inner) {
  int64_t steps = inner / 4;
  return steps * (3 + 6 + 6) + (inner % 4) * 7 + 4;
}

/// The estimate of a layer under `tile`, remainders as the emitter handles
/// them.
int64_t estimate(const Shape &s, Tile tile) {
  int64_t k = s.inner, oc = s.channels;
  if (tile.rows >= 2) {
    int64_t pair = s.columns ? columnsCallCost(k) : callCost(2, 2, k);
    int64_t pairRow = (oc / 2) * pair + (oc % 2) * 2 * callCost(1, 1, k) +
                      (s.columns ? widenCost(k) : 0);
    int64_t oddRow =
        (oc / 2) * callCost(1, 2, k) + (oc % 2) * callCost(1, 1, k);
    if (tile.rows == 2)
      return (s.rows / 2) * pairRow + (s.rows % 2) * oddRow;
    // Three rows, then what is left as above.
    int64_t tripleRow = (oc / 2) * columns3CallCost(k) +
                        (oc % 2) * 3 * callCost(1, 1, k) + widen3Cost(k);
    int64_t left = s.rows % 3;
    return (s.rows / 3) * tripleRow + (left / 2) * pairRow +
           (left % 2) * oddRow;
  }
  int64_t row = 0, left = oc;
  if (tile.channels == 4) {
    row += (left / 4) * callCost(1, 4, k);
    left %= 4;
  }
  if (tile.channels >= 2) {
    row += (left / 2) * callCost(1, 2, k);
    left %= 2;
  }
  row += left * callCost(1, 1, k);
  return s.rows * row;
}

struct TilePass : mcunet::te::impl::TinyEngineTileBase<TilePass> {
  using TinyEngineTileBase::TinyEngineTileBase;

  void runOnOperation() override {
    std::optional<Tile> forced;
    int64_t rows = this->rows, channels = this->channels;
    if (rows || channels) {
      if (!rows || !channels) {
        getOperation().emitError()
            << "te-tile: give both rows and channels, or neither";
        return signalPassFailure();
      }
      if (!llvm::any_of(kTiles, [&](Tile t) {
            return t.rows == rows && t.channels == channels;
          })) {
        getOperation().emitError()
            << "te-tile: unsupported tile " << rows << "x" << channels
            << " (rows x channels); supported: 3x2, 2x2, 1x4, 1x2, 1x1";
        return signalPassFailure();
      }
      forced = Tile{rows, channels};
    }
    Builder b(&getContext());
    getOperation().walk([&](Operation *op) {
      // The im2col kernel: three gathered columns by two filters (the
      // pointwise kernel's 3 x 2 blocks over them) where the filters pair
      // up and there are three pixels; else its two columns (no te.tile).
      if (auto kernel = op->getAttrOfType<StringAttr>("te.kernel");
          kernel && kernel == "im2col" && isa<Conv2DOp>(op)) {
        auto out = cast<Conv2DOp>(op).getOutput().getType().getShape();
        bool three = out[3] % 2 == 0 && out[1] * out[2] >= 3 &&
                     (!forced || forced->rows == 3);
        if (three)
          op->setAttr("te.tile", b.getDenseI64ArrayAttr({3, 2}));
        else
          op->removeAttr("te.tile");
        return;
      }
      std::optional<Shape> shape = matrixShape(op);
      if (!shape) {
        op->removeAttr("te.tile");
        return;
      }
      Tile best = kTiles[0];
      if (forced) {
        // 3 x 2 where the kernel has int16 columns, else 2 x 2.
        best = *forced;
        if (best.rows == 3 && !shape->columns)
          best = Tile{2, 2};
      } else {
        int64_t bestCost = estimate(*shape, best);
        for (Tile t : kTiles) {
          if (t.rows == 3 && !shape->columns)
            continue;
          int64_t cost = estimate(*shape, t);
          if (cost < bestCost)
            best = t, bestCost = cost;
        }
      }
      op->setAttr("te.tile",
                  b.getDenseI64ArrayAttr({best.rows, best.channels}));
    });
  }
};

} // namespace
