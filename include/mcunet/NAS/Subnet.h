//===- Subnet.h - a subnet as te IR, measured by the compiler ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// TinyNAS's compiler in the loop: a subnet of the search space becomes a
// quantized te function (int8 activations, per-channel int8 weights, int32
// biases; the values are placeholders, the shapes are the subnet's), which
// the compiler's own default pipeline schedules, specializes and plans, and
// whose C the emitter sizes. What "fits" means is what mcunet-compile would
// produce for the trained model: the same passes, in process.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_NAS_SUBNET_H
#define MCUNET_NAS_SUBNET_H

#include "mcunet/NAS/SearchSpace.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace mcunet::nas {

/// The subnet as MLIR text: one func.func @main on NHWC int8 tensors.
std::string subnetToMLIR(const SpaceOptions &space, const SubnetConfig &config);

struct Measurement {
  int64_t arenaBytes = 0;   ///< From --te-plan-memory.
  int64_t weightsBytes = 0; ///< Every constant array of the emitted C.
  int64_t macs = 0;         ///< te::getMacs over the planned function.
  int64_t layers = 0;       ///< Layers of the emitted C.
};

struct MeasureOptions {
  /// Patch-based execution (--te-fuse-patches) within max-overhead.
  bool fused = false;
  double maxOverhead = 0.1;
  /// With fused: stop cutting patches once the arena fits (0: minimise).
  int64_t arenaTarget = 0;
  /// Size the emitted C's constant arrays (off: weightsBytes stays 0).
  bool flash = true;
};

/// Builds, plans and sizes the subnet in `context` (which must have the te,
/// quant and func dialects loaded: see makeContext). Fails with the
/// compiler's diagnostic in `error`.
mlir::LogicalResult measureSubnet(mlir::MLIRContext &context,
                                  const SpaceOptions &space,
                                  const SubnetConfig &config,
                                  const MeasureOptions &options,
                                  Measurement &result, std::string &error);

/// A context with what measureSubnet needs, multithreading off (the
/// measurements are many and small).
void prepareContext(mlir::MLIRContext &context);

} // namespace mcunet::nas

#endif // MCUNET_NAS_SUBNET_H
