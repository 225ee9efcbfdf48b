//===- TinyEngineDialect.cpp - TinyEngine dialect registration ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineDialect.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"

using namespace mlir;
using namespace mcunet::te;

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOpsDialect.cpp.inc"

void TinyEngineDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.cpp.inc"
      >();
}
