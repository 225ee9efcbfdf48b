//===- Passes.h - TinyEngine passes -----------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_H
#define MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_H

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mcunet::te {

#define GEN_PASS_DECL
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"

/// The kernel variant --te-specialize-kernels picks for `op` ("" for the
/// reference kernel).
llvm::StringRef chooseSpecializedKernel(mlir::Operation *op);

/// Marks te.inplace on the ops of `func` as --te-inplace-depthwise does.
void markInplace(mlir::func::FuncOp func, bool depthwise = true,
                 bool elementwise = true);

/// Options of the default compilation pipeline.
struct PipelineOptions : public mlir::PassPipelineOptions<PipelineOptions> {
  Option<bool> schedule{*this, "schedule",
                        llvm::cl::desc("Reorder ops to minimise peak memory"),
                        llvm::cl::init(true)};
  Option<bool> inplace{*this, "inplace",
                       llvm::cl::desc("Run depthwise and element-wise ops "
                                      "in place where their input dies"),
                       llvm::cl::init(true)};
  Option<std::string> strategy{
      *this, "strategy",
      llvm::cl::desc("Arena placement: ours, tflm-greedy, "
                     "tinyengine-first-fit or naive"),
      llvm::cl::init("ours")};
  Option<bool> specialize{
      *this, "specialize",
      llvm::cl::desc("Pick specialized kernels (--te-specialize-kernels); "
                     "off: the portable reference kernels"),
      llvm::cl::init(true)};
  Option<int64_t> tileRows{
      *this, "tile-rows",
      llvm::cl::desc("Rows per block of the matrix-product kernels "
                     "(--te-tile rows; 0: the cost model chooses)"),
      llvm::cl::init(0)};
  Option<int64_t> tileChannels{
      *this, "tile-channels",
      llvm::cl::desc("Output channels per block (--te-tile channels; 0: the "
                     "cost model chooses)"),
      llvm::cl::init(0)};
  Option<int64_t> int16WeightsBudget{
      *this, "int16-weights-budget",
      llvm::cl::desc("Extra flash bytes for pointwise weights stored as "
                     "int16 (--te-widen-weights; 0: none, -1: no limit)"),
      llvm::cl::init(0)};
  Option<bool> fuse{
      *this, "fuse",
      llvm::cl::desc("Run memory-heavy layer sequences patch by patch "
                     "(--te-fuse-patches)"),
      llvm::cl::init(false)};
  Option<int64_t> sramBudget{
      *this, "sram-budget",
      llvm::cl::desc("With fuse: stop once the arena fits this many bytes "
                     "(0: minimise)"),
      llvm::cl::init(0)};
  Option<double> maxOverhead{
      *this, "max-overhead",
      llvm::cl::desc("With fuse: extra MACs allowed, as a fraction of the "
                     "model's"),
      llvm::cl::init(0.1)};
  Option<bool> report{*this, "report",
                      llvm::cl::desc("Remarks from the schedule and the "
                                     "arena plan"),
                      llvm::cl::init(false)};
};

/// Builds the default pipeline: canonicalization, activation fusion, CSE
/// and memory planning: the form C emission starts from.
void buildDefaultPipeline(mlir::OpPassManager &pm,
                          const PipelineOptions &options);

/// Registers every named pipeline (`te-default-pipeline`).
void registerPipelines();

} // namespace mcunet::te

#endif // MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_H
