//===- Memory.h - the arena model: buffers, lifetimes, planners -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The memory model shared by --te-schedule, --te-inplace-depthwise,
// --te-plan-memory and the reports of mcunet-compile (the independent
// checker, --te-verify-memory-plan, deliberately does not use it).
//
// Every byte an inference touches in RAM lives in one static arena:
//  - one buffer per function argument (the input; the caller, or a driver
//    through <prefix>_input(), writes it there),
//  - one buffer per te op result computed at run time (te.constant is flash
//    data, te.reshape a view of its input's buffer),
//  - one scratch buffer per op that needs kernel scratch (the one-channel
//    temporary of an in-place depthwise convolution, the int16 columns of
//    the im2col and pointwise kernels).
// An op marked `te.inplace = k` writes its result over the buffer of operand
// k: the two buffers form a group that must share one offset; they are live
// together only at that op, so the group's footprint there is the larger of
// the two.
//
// Positions are indices of the ops in the function's block; an argument is
// live from position 0, a returned value until the terminator.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_ANALYSIS_MEMORY_H
#define MCUNET_DIALECT_TINYENGINE_ANALYSIS_MEMORY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mcunet::te {

/// Discardable attributes of the memory plan.
/// On a computing op: the byte offset of its result.
inline constexpr llvm::StringLiteral kOffsetAttr = "te.offset";
/// On an op: the index of the operand whose buffer its result overwrites.
inline constexpr llvm::StringLiteral kInplaceAttr = "te.inplace";
/// On an op: array<i64: offset, bytes> of its kernel scratch buffer.
inline constexpr llvm::StringLiteral kScratchAttr = "te.scratch";
/// On a pointwise op (--te-widen-weights): its weights are stored as int16
/// (the kernel over int16 columns reads them without widening).
inline constexpr llvm::StringLiteral kInt16WeightsAttr = "te.int16_weights";
/// On the function: the arena's size in bytes.
inline constexpr llvm::StringLiteral kArenaSizeAttr = "te.arena_size";
/// On a function argument: the byte offset of the input in the arena.
inline constexpr llvm::StringLiteral kArgOffsetAttr = "te.offset";

/// Operand indices whose buffer `op` may overwrite with its result, judged
/// from the op alone (kind, shapes, element widths, no other operand reading
/// the same buffer); whether the operand is dead afterwards is the caller's
/// business. Depthwise convolutions with channel multiplier 1 (through a
/// one-channel scratch buffer, only where that does not cost more than it
/// saves), te.clamp, te.quantize between types of the same width, and
/// te.add/te.mul into an operand of the result's shape and width qualify.
/// `depthwise` and `elementwise` select the families.
llvm::SmallVector<unsigned> getInplaceCandidates(mlir::Operation *op,
                                                 bool depthwise = true,
                                                 bool elementwise = true);

/// The operand `op` overwrites (its te.inplace attribute), if any.
std::optional<unsigned> getInplaceOperand(mlir::Operation *op);

/// Bytes of the int16 input columns of a pointwise kernel that works two
/// or three pixels at a time (te.kernel "pointwise", two or more pixels, an
/// even number of input channels (its filters are stored in pairs of 2 x
/// input channels bytes, word-aligned), te.tile absent or of two or three
/// rows): rows x input channels x 2; 0 otherwise.
int64_t getPointwiseColumnBytes(mlir::Operation *op);

/// Bytes of kernel scratch `op` needs when emitted as it is marked (0 for
/// most ops; one input channel, H*W, for an in-place reference depthwise
/// conv; one zero-point padded input channel for the specialized depthwise
/// kernel, te.kernel = "depthwise", in place or not; two int16 columns of
/// getIm2colColumnLength elements for te.kernel = "im2col", three with
/// te.tile [3, 2];
/// getPointwiseColumnBytes for te.kernel = "pointwise").
int64_t getScratchBytes(mlir::Operation *op);

/// The column length of the im2col kernel of a te.conv2d: KH * KW * IC
/// rounded up to a multiple of 4 (the inner loop takes four at a time).
int64_t getIm2colColumnLength(mlir::Operation *op);

/// Bytes of scratch `op` would need if it ran in place.
int64_t getInplaceScratchBytes(mlir::Operation *op);

/// Readable name of an op for reports: its ONNX node name if it has one,
/// else "te.conv2d #12" (its position).
std::string getMemoryLabel(mlir::Operation *op, int64_t position);

/// One byte range the arena must hold for a while.
struct ArenaBuffer {
  enum class Kind { Input, Result, Scratch };
  Kind kind = Kind::Result;
  /// The op that writes it (null for an input).
  mlir::Operation *owner = nullptr;
  unsigned argNumber = 0;
  int64_t size = 0;
  int64_t first = 0, last = 0; ///< Live positions, inclusive.
  /// Buffers with the same group share their offset (in-place chains).
  unsigned group = 0;
  /// Readable name: the ONNX node name, or "input0", "... (scratch)".
  std::string label;
  /// Offset assigned by a plan (-1 while unplanned).
  int64_t offset = -1;
};

/// The arena problem of a function in its current op order.
struct MemoryProblem {
  llvm::SmallVector<ArenaBuffer> buffers;
  unsigned numGroups = 0;
  int64_t numPositions = 0;

  /// Bytes that must be live at each position: the sum over live groups of
  /// the largest live member (in-place pairs share their bytes), each
  /// rounded up to `alignment` (buffers start at multiples of it, so a
  /// buffer's padding up to the next one is unusable).
  llvm::SmallVector<int64_t> liveBytes(int64_t alignment = 1) const;
  /// max(liveBytes(alignment)): no placement with offsets that are
  /// multiples of `alignment` (and an arena rounded up to it) can use fewer
  /// bytes.
  int64_t lowerBound(int64_t alignment = 1) const;
  /// Sum of all buffer sizes: every tensor in its own bytes.
  int64_t naiveTotal() const;
  /// Indices of the buffers live at `position`.
  llvm::SmallVector<unsigned> liveAt(int64_t position) const;
};

/// Builds the problem of `func` (single block, te ops, te.inplace respected;
/// te.scratch sizes from getScratchBytes). Fails with a diagnostic on ops it
/// cannot model.
mlir::FailureOr<MemoryProblem> buildMemoryProblem(mlir::func::FuncOp func);

/// Reads the offsets of a planned function (te.offset, te.scratch, argument
/// te.offset) into the buffers of `problem`. Fails if one is missing.
mlir::LogicalResult readPlannedOffsets(mlir::func::FuncOp func,
                                       MemoryProblem &problem);

enum class PlanStrategy {
  /// Every buffer its own bytes (a reference for tests).
  Naive,
  /// TensorFlow Lite Micro's GreedyMemoryPlanner: largest first, each at the
  /// first gap among the placed buffers alive at the same time.
  TflmGreedy,
  /// TinyEngine's first fit: buffers in the order they are created (largest
  /// first among those created together), each at the lowest free offset.
  TinyEngineFirstFit,
  /// Ours: the best of several orders and fit rules, never worse than the
  /// two above.
  Best,
};

/// Parses "naive", "tflm-greedy", "tinyengine-first-fit", "ours".
std::optional<PlanStrategy> parsePlanStrategy(llvm::StringRef name);
llvm::StringRef stringifyPlanStrategy(PlanStrategy strategy);

/// Assigns `offset` to every buffer of `problem` (offsets multiples of
/// `alignment`, group members together) and returns the arena size (the end
/// of the highest buffer, rounded up to `alignment`).
int64_t planArena(MemoryProblem &problem, PlanStrategy strategy,
                  int64_t alignment);

} // namespace mcunet::te

#endif // MCUNET_DIALECT_TINYENGINE_ANALYSIS_MEMORY_H
