//===- Pipelines.cpp - named TinyEngine pipelines -------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The one place where pipelines are assembled and registered.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mcunet::te::buildDefaultPipeline(OpPassManager &pm,
                                      const PipelineOptions &options) {
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createTinyEngineFuseActivation());
  pm.addPass(createCSEPass());
  if (options.fuse) {
    // Patches are cut from the memory-minimising order.
    if (options.schedule) {
      TinyEngineScheduleOptions schedule;
      schedule.inplace = options.inplace;
      schedule.report = options.report;
      pm.addNestedPass<func::FuncOp>(createTinyEngineSchedule(schedule));
    }
    TinyEngineFusePatchesOptions fuse;
    fuse.budget = options.sramBudget;
    fuse.maxOverhead = options.maxOverhead;
    fuse.specialize = options.specialize;
    fuse.inplace = options.inplace;
    fuse.report = options.report;
    pm.addNestedPass<func::FuncOp>(createTinyEngineFusePatches(fuse));
  }
  if (options.specialize) {
    pm.addNestedPass<func::FuncOp>(createTinyEngineSpecializeKernels());
    TinyEngineTileOptions tile;
    tile.rows = options.tileRows;
    tile.channels = options.tileChannels;
    pm.addNestedPass<func::FuncOp>(createTinyEngineTile(tile));
    if (options.int16WeightsBudget != 0) {
      TinyEngineWidenWeightsOptions widen;
      widen.budget = options.int16WeightsBudget;
      pm.addNestedPass<func::FuncOp>(createTinyEngineWidenWeights(widen));
    }
  }
  // With patches, the order was chosen before them (and the patches run
  // one after the other, as --te-fuse-patches laid them out).
  if (options.schedule && !options.fuse) {
    TinyEngineScheduleOptions schedule;
    schedule.inplace = options.inplace;
    schedule.report = options.report;
    pm.addNestedPass<func::FuncOp>(createTinyEngineSchedule(schedule));
  }
  if (options.inplace)
    pm.addNestedPass<func::FuncOp>(createTinyEngineInplaceDepthwise());
  TinyEnginePlanMemoryOptions plan;
  plan.strategy = options.strategy;
  plan.report = options.report;
  // A blocking forced by the tile options stays as it is.
  plan.fitTiles = options.tileRows == 0 && options.tileChannels == 0;
  pm.addNestedPass<func::FuncOp>(createTinyEnginePlanMemory(plan));
  pm.addNestedPass<func::FuncOp>(createTinyEngineVerifyMemoryPlan());
}

void mcunet::te::registerPipelines() {
  PassPipelineRegistration<PipelineOptions>(
      "te-default-pipeline",
      "The default mcunet pipeline: canonicalize, fuse activations, CSE, "
      "specialize kernels, tile, widen weights (with a budget), schedule, "
      "in-place ops, plan memory, verify the plan",
      buildDefaultPipeline);
}
