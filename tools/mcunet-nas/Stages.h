//===- Stages.h - the training-side stages of mcunet-nas --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// train, search, finetune, baseline and export (see StageCommon.h for the
// files each reads and writes). Each returns the process exit status and
// reports errors on stderr, naming the file or option at fault.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_TOOLS_MCUNET_NAS_STAGES_H
#define MCUNET_TOOLS_MCUNET_NAS_STAGES_H

#include "StageCommon.h"

#include "mcunet/NAS/Training.h"

namespace mcunet::nas {

struct StageOptions {
  std::string dir;
  DataOptions data;
  TrainOptions train;
  int threads = 0;
  bool force = false;
  bool quiet = false;
  /// c10d: world size > 1 trains data-parallel.
  int worldSize = 1, rank = 0, masterPort = 29500, timeoutSeconds = 300;
  std::string masterAddr = "127.0.0.1";
};

struct SearchOptions {
  int population = 100, parents = 20, crossover = 50, mutation = 50;
  int generations = 30;
  double mutateProbability = 0.1;
  int calibrationBatches = 20, calibrationBatchSize = 64;
  /// Optional bound on MACs (0: none).
  int64_t maxMacs = 0;
  /// Write the final population as te modules (DIR/population/).
  bool writePopulation = false;
};

struct ExportOptions {
  /// finetune (the search's winner) or baseline.
  std::string which = "finetune";
  int calibrationBatches = 20, calibrationBatchSize = 64;
  /// Test images run through the generated C (0: all).
  int64_t evalImages = 0;
  /// host C compiler target for the report (stack, code size).
  std::string target = "cortex-m7";
};

struct BaselineOptions {
  std::vector<double> widths;
  std::vector<int> resolutions;
  /// Channel rounding (MobileNetV2's 8; smaller lets tiny budgets fit).
  int divisor = 8;
};

int runTrainStage(const StageOptions &o);
int runSearchStage(const StageOptions &o, const SearchOptions &s);
int runFinetuneStage(const StageOptions &o);
int runBaselineStage(const StageOptions &o, const BaselineOptions &b);
int runExportStage(const StageOptions &o, const ExportOptions &e);

/// The scaled MobileNetV2 of the baseline stage (inverted residuals with
/// expansion 6 and 3x3 depthwise, depths 1,2,3,4,3,3,1, channels
/// 16,24,32,64,96,160,320, a 1x1 conv to 1280 before pooling, all channel
/// counts scaled by `width`).
SpaceOptions mobileNetV2Space(const SpaceOptions &like, int divisor = 8);
SubnetConfig mobileNetV2Config(double width, int resolution);

} // namespace mcunet::nas

#endif
