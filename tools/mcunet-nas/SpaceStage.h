//===- SpaceStage.h - mcunet-nas space ------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_TOOLS_MCUNET_NAS_SPACESTAGE_H
#define MCUNET_TOOLS_MCUNET_NAS_SPACESTAGE_H

#include "mcunet/NAS/SearchSpace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mcunet::nas {

struct SpaceStageOptions {
  SpaceOptions space;
  std::vector<double> widths;
  std::vector<int> resolutions;
  int samples = 1000;
  uint64_t seed = 1;
  int64_t sramBytes = 0, flashBytes = 0;
  /// SRAM kept for the stack, flash for the code (the C is not compiled
  /// per candidate).
  int64_t stackReserve = 1024, codeReserve = 24 * 1024;
  bool fused = false;
  double maxOverhead = 0.1;
  /// Fewest fitting samples for a space to be chosen (a fraction).
  double minFitFraction = 0.1;
  std::string outDir;
  bool force = false;
  /// Write the chosen space's N largest fitting subnets as te modules.
  unsigned writeSubnets = 0;
  /// Worker threads (one (width, resolution) at a time each).
  unsigned jobs = 1;
  bool quiet = false;
};

/// Runs the stage; returns the process exit status.
int runSpaceStage(const SpaceStageOptions &options);

} // namespace mcunet::nas

#endif
