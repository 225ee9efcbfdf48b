//===- Cost.h - MACs and parameter counts of te ops -------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_ANALYSIS_COST_H
#define MCUNET_DIALECT_TINYENGINE_ANALYSIS_COST_H

#include "mlir/IR/Operation.h"

namespace mcunet::te {

/// Multiply-accumulates of one execution of `op` (0 for data movement):
/// conv2d N*OH*OW*OC*KH*KW*Cin/groups, depthwise N*OH*OW*OC*KH*KW,
/// fully_connected N*O*K, pooling one per window element, element-wise one
/// per output element.
int64_t getMacs(mlir::Operation *op);

/// Number of constant elements (weights and biases) `op` reads.
int64_t getParams(mlir::Operation *op);

} // namespace mcunet::te

#endif // MCUNET_DIALECT_TINYENGINE_ANALYSIS_COST_H
