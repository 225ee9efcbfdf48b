//===- TinyEngineOps.h - TinyEngine ops -------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEOPS_H
#define MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEOPS_H

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h.inc"

namespace mcunet::te {

/// Returns the quantized element type of `type` (a tensor or scalar), or
/// null when it is not quantized.
mlir::quant::QuantizedType getQuantizedElementType(mlir::Type type);

/// The storage-domain clamp range `[min, max]` that a fused activation with
/// real bounds `[lo, hi]` gives on an output of type `qtype`, following
/// TensorFlow Lite's CalculateActivationRangeQuantized (bounds quantized
/// with round-half-away-from-zero, intersected with the storage range).
std::pair<int64_t, int64_t>
quantizeActivationRange(mlir::quant::UniformQuantizedType qtype, double lo,
                        double hi);

/// Bytes a tensor of `type` occupies (storage width for quantized types).
int64_t getTensorBytes(mlir::Type type);

/// Bytes of one element of a tensor (its storage type for quantized ones).
int64_t getElementBytes(mlir::Type type);

/// The value whose buffer `value` uses: reshapes share their input's.
mlir::Value getBufferRoot(mlir::Value value);

} // namespace mcunet::te

#endif // MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEOPS_H
