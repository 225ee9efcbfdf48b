//===- mcunet-opt.cpp - mcunet optimizer driver ---------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// MlirOptMain with the TinyEngine dialect, its passes, the named pipelines
// and the upstream passes our pipelines use (canonicalize, cse, ...).
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineDialect.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mcunet::te::registerTinyEnginePasses();
  mcunet::te::registerPipelines();

  mlir::DialectRegistry registry;
  registry.insert<mcunet::te::TinyEngineDialect, mlir::func::FuncDialect,
                  mlir::quant::QuantDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mcunet optimizer driver\n", registry));
}
