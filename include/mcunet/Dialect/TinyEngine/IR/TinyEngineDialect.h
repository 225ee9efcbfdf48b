//===- TinyEngineDialect.h - TinyEngine dialect -----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEDIALECT_H
#define MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Dialect.h"

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOpsDialect.h.inc"

#endif // MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEDIALECT_H
