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
                                      const PipelineOptions &) {
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createTinyEngineFuseActivation());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createTinyEnginePlanMemory());
  pm.addNestedPass<func::FuncOp>(createTinyEngineVerifyMemoryPlan());
}

void mcunet::te::registerPipelines() {
  PassPipelineRegistration<PipelineOptions>(
      "te-default-pipeline",
      "The default mcunet pipeline: canonicalize, fuse activations, CSE, "
      "plan memory, verify the plan",
      buildDefaultPipeline);
}
